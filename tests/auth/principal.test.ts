import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { coversCommune } from '../../server/auth/access_policy';
import { loadPrincipal } from '../../server/auth/principal';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client(inject('databaseUrl'));
  await client.connect();
});
afterAll(() => client.end());

const userId = async (username: string) =>
  (await client.query('SELECT id FROM auth.app_user WHERE username = $1', [username])).rows[0]
    .id as number;

describe('principal and jurisdiction', () => {
  it('gives the provincial office every commune and a branch only its own, legacy communes included', async () => {
    const province = await loadPrincipal(client, await userId('officer.province'));
    expect(province?.communeIds).toBe('all');

    const branch = await loadPrincipal(client, await userId('officer.branch1'));
    expect(branch?.office?.kind).toBe('branch');
    const served = branch?.communeIds as number[];
    const { rows } = await client.query(
      `SELECT s.predecessor_id, s.successor_id FROM admin.unit_succession s
       JOIN org.office_jurisdiction j ON j.unit_id = s.successor_id WHERE j.office_id = $1`,
      [branch?.office?.id],
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(served).toContain(row.successor_id);
      expect(served).toContain(row.predecessor_id);
    }

    const other = await loadPrincipal(client, await userId('officer.branch2'));
    const otherServed = other?.communeIds as number[];
    expect(otherServed.some((id) => served.includes(id))).toBe(false);
    expect(coversCommune(branch, otherServed[0] as number)).toBe(false);
  });

  it('returns nothing for a disabled user', async () => {
    const { rows } = await client.query(
      `INSERT INTO auth.app_user (username, display_name, password_hash, role, active)
       VALUES ('disabled.user', 'Người bị khóa', '$argon2id$v=19$m=19456,t=2,p=1$x$y', 'viewer', false) RETURNING id`,
    );
    expect(await loadPrincipal(client, rows[0].id)).toBeUndefined();
  });
});
