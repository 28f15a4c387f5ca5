import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asPublic } from '../../core/db/transaction';

let pool: pg.Pool;
beforeAll(() => {
  pool = new pg.Pool({ connectionString: inject('databaseUrl'), max: 2 });
});
afterAll(() => pool.end());

describe('the public database role', () => {
  it('reads parcels through the public view, which carries no personal data', async () => {
    const rows = await asPublic(
      pool,
      async (client) => (await client.query('SELECT * FROM cadastre.public_parcel LIMIT 5')).rows,
    );
    expect(rows).toHaveLength(5);
    expect(Object.keys(rows[0])).not.toEqual(expect.arrayContaining(['land_address']));
    expect(JSON.stringify(rows)).not.toMatch(/full_name|id_number/);
  });

  it.each([
    'SELECT full_name FROM registry.party LIMIT 1',
    'SELECT * FROM registry.parcel_right LIMIT 1',
    'SELECT * FROM registry.certificate LIMIT 1',
    'SELECT creditor_name FROM registry.restriction LIMIT 1',
    'SELECT content_vi FROM registry.certificate_endorsement LIMIT 1',
    'SELECT body FROM dossier.register_request LIMIT 1',
    'SELECT username FROM auth.app_user LIMIT 1',
    'SELECT * FROM auth.session LIMIT 1',
    'SELECT land_address FROM cadastre.parcel_version LIMIT 1',
    'SELECT applicant_party_id FROM dossier.dossier LIMIT 1',
    'SELECT * FROM planning.plan_zone LIMIT 1',
    'SELECT api_key_hash FROM monitoring.station LIMIT 1',
    'SELECT * FROM audit.log LIMIT 1',
  ])('is refused: %s', async (sql) => {
    await expect(asPublic(pool, (client) => client.query(sql))).rejects.toThrow(
      /permission denied/,
    );
  });

  it('sees only disclosed zones of published plans', async () => {
    const counts = await asPublic(
      pool,
      async (client) =>
        (await client.query('SELECT count(*)::int AS n FROM planning.disclosed_zone')).rows[0].n,
    );
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM planning.plan_zone z JOIN planning.plan p ON p.id = z.plan_id
       WHERE z.disclosed AND p.status = 'published'`,
    );
    expect(counts).toBe(rows[0].n);
    const all = (await pool.query('SELECT count(*)::int AS n FROM planning.plan_zone')).rows[0].n;
    expect(counts).toBeLessThan(all);
  });

  it('cannot write anything', async () => {
    await expect(
      asPublic(pool, (client) =>
        client.query(`INSERT INTO dossier.holiday (day, name) VALUES ('2030-01-01', 'x')`),
      ),
    ).rejects.toThrow(/read-only|permission denied/);
  });
});
