import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asPublic } from '../../core/db/transaction';
import { betweenEqualCounts } from '../support/stable_count';

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
    // Plan tests publish and withdraw plans meanwhile: compared only while the count held.
    const publicZones = async () =>
      (
        await pool.query(
          `SELECT count(*)::int AS n FROM planning.plan_zone z JOIN planning.plan p ON p.id = z.plan_id
           WHERE z.disclosed AND p.status = 'published'`,
        )
      ).rows[0].n as number;
    const { count, observed: counts } = await betweenEqualCounts(publicZones, () =>
      asPublic(
        pool,
        async (client) =>
          (await client.query('SELECT count(*)::int AS n FROM planning.disclosed_zone')).rows[0]
            .n as number,
      ),
    );
    expect(counts).toBe(count);
    // And the view does leave zones out: counted in one snapshot, some are not public.
    const { rows } = await pool.query(
      `SELECT count(*) FILTER (WHERE NOT (z.disclosed AND p.status = 'published'))::int AS hidden
       FROM planning.plan_zone z JOIN planning.plan p ON p.id = z.plan_id`,
    );
    expect(rows[0].hidden).toBeGreaterThan(0);
  });

  it('cannot write anything', async () => {
    await expect(
      asPublic(pool, (client) =>
        client.query(`INSERT INTO dossier.holiday (day, name) VALUES ('2030-01-01', 'x')`),
      ),
    ).rejects.toThrow(/read-only|permission denied/);
  });
});
