import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoIsLoaded, demoUsernames } from '../../demo/demo_province';

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client(inject('databaseUrl'));
  await client.connect();
});
afterAll(() => client.end());

const one = async (sql: string, params: unknown[] = []) =>
  (await client.query(sql, params)).rows[0];

describe('demo province', () => {
  it('is recognised as loaded', async () => {
    expect(await demoIsLoaded(client)).toBe(true);
  });

  it('has at least 50,000 current parcels, all valid, with computed area = ST_Area of the native geometry', async () => {
    const row = await one(
      `SELECT count(*)::int AS parcels,
              count(*) FILTER (WHERE NOT ST_IsValid(geom))::int AS invalid,
              count(*) FILTER (WHERE computed_area <> ST_Area(geom))::int AS wrong_area,
              count(*) FILTER (WHERE ST_SRID(geom) <> 9209)::int AS not_vn2000,
              count(DISTINCT (commune_id, sheet_no, parcel_no))::int AS distinct_numbers
       FROM cadastre.current_parcel`,
    );
    expect(row.parcels).toBeGreaterThanOrEqual(50_000);
    expect(row.invalid).toBe(0);
    expect(row.wrong_area).toBe(0);
    expect(row.not_vn2000).toBe(0);
    expect(row.distinct_numbers).toBe(row.parcels);
  });

  it('keeps web-mercator copies for tiles, which inflate areas by about 3% at 9.6 N', async () => {
    const row = await one(
      `SELECT sum(ST_Area(geom_3857)) / sum(computed_area) AS ratio FROM cadastre.current_parcel`,
    );
    expect(row.ratio).toBeGreaterThan(1.02);
    expect(row.ratio).toBeLessThan(1.04);
  });

  it('has land uses (1-3 per parcel, catalogue codes) whose areas add up to the legal area', async () => {
    const row = await one(
      `WITH uses AS (
         SELECT p.version_id, p.legal_area, count(lu.*) AS n, sum(lu.area) AS total
         FROM cadastre.current_parcel p LEFT JOIN cadastre.parcel_land_use lu ON lu.version_id = p.version_id
         GROUP BY p.version_id, p.legal_area)
       SELECT count(*) FILTER (WHERE n NOT BETWEEN 1 AND 3)::int AS bad_count,
              count(*) FILTER (WHERE total <> legal_area)::int AS bad_sum,
              count(*) FILTER (WHERE n > 1)::int AS mixed
       FROM uses`,
    );
    expect(row.bad_count).toBe(0);
    expect(row.bad_sum).toBe(0);
    expect(row.mixed).toBeGreaterThan(0);
  });

  it('does not let current parcels overlap (sampled around one map sheet)', async () => {
    const row = await one(
      `WITH sheet AS (SELECT id FROM cadastre.map_sheet ORDER BY id LIMIT 1)
       SELECT count(*)::int AS overlaps
       FROM cadastre.current_parcel a
       JOIN cadastre.current_parcel b ON a.parcel_id < b.parcel_id AND a.geom && b.geom
       WHERE a.map_sheet_id = (SELECT id FROM sheet)
         AND ST_Area(ST_Intersection(a.geom, b.geom)) > 0.01`,
    );
    expect(row.overlaps).toBe(0);
  });

  it('models the province, its legacy districts and at least 12 communes, with the 2025 merger mapping', async () => {
    const row = await one(
      `SELECT count(*) FILTER (WHERE level = 'province')::int AS provinces,
              count(*) FILTER (WHERE level = 'district')::int AS districts,
              count(*) FILTER (WHERE level = 'commune')::int AS communes,
              (SELECT count(*)::int FROM admin.unit_succession) AS successions
       FROM admin.unit`,
    );
    expect(row.provinces).toBeGreaterThanOrEqual(1);
    expect(row.districts).toBeGreaterThanOrEqual(1);
    expect(row.communes).toBeGreaterThanOrEqual(12);
    expect(row.successions).toBeGreaterThan(0);
  });

  it('has map sheets at 1:1000 and 1:2000 in the 105-30 zone', async () => {
    const { rows } = await client.query(
      `SELECT DISTINCT scale, zone_srid FROM cadastre.map_sheet ORDER BY scale`,
    );
    expect(rows).toEqual([
      { scale: 1000, zone_srid: 9209 },
      { scale: 2000, zone_srid: 9209 },
    ]);
  });

  it('has the provincial office, three branches that each serve communes, and the tax authority', async () => {
    const { rows } = await client.query(
      `SELECT o.kind, count(DISTINCT o.id)::int AS offices, count(j.unit_id)::int AS communes
       FROM org.office o LEFT JOIN org.office_jurisdiction j ON j.office_id = o.id
       GROUP BY o.kind`,
    );
    const byKind = Object.fromEntries(rows.map((row) => [row.kind, row]));
    expect(byKind.provincial_lro?.offices).toBe(1);
    expect(byKind.branch?.offices).toBe(3);
    expect(byKind.branch?.communes).toBeGreaterThanOrEqual(3);
    expect(byKind.tax?.offices).toBeGreaterThanOrEqual(1);
  });

  it('has the six demo accounts with argon2id hashes and the expected roles', async () => {
    const { rows } = await client.query(
      `SELECT username, role, password_hash LIKE '$argon2id$%' AS argon2id FROM auth.app_user
       WHERE is_demo ORDER BY username`,
    );
    expect(rows.map((row) => row.username).sort()).toEqual([...demoUsernames].sort());
    expect(rows.every((row) => row.argon2id)).toBe(true);
    const roles = Object.fromEntries(rows.map((row) => [row.username, row.role]));
    expect(roles).toMatchObject({
      admin: 'admin',
      surveyor1: 'surveyor',
      'officer.province': 'officer',
      'officer.branch1': 'officer',
      'officer.branch2': 'officer',
      viewer1: 'viewer',
    });
  });

  it('has Vietnamese holder names kept in the registry, apart from the parcels', async () => {
    const row = await one(
      `SELECT count(DISTINCT r.parcel_id)::int AS parcels_with_holders,
              avg((p.full_name ~ '[À-ỹ]')::int) FILTER (WHERE p.kind = 'person') AS with_diacritics,
              count(*) FILTER (WHERE p.full_name ~ '(Ã.|á»|Æ°|[?])')::int AS garbled
       FROM registry.parcel_right r JOIN registry.party p ON p.id = r.party_id`,
    );
    expect(row.parcels_with_holders).toBeGreaterThan(40_000);
    expect(Number(row.with_diacritics)).toBeGreaterThan(0.8);
    expect(row.garbled).toBe(0);
  });

  it('has plan zones, some disclosed and some not', async () => {
    const row = await one(
      `SELECT count(*) FILTER (WHERE disclosed)::int AS disclosed,
              count(*) FILTER (WHERE NOT disclosed)::int AS undisclosed
       FROM planning.plan_zone`,
    );
    expect(row.disclosed).toBeGreaterThan(0);
    expect(row.undisclosed).toBeGreaterThan(0);
  });

  it('has 20 monitoring stations with a year of observations each', async () => {
    const { rows } = await client.query(
      `SELECT s.id, count(o.*)::int AS observations,
              max(o.observed_at) - min(o.observed_at) AS span
       FROM monitoring.station s LEFT JOIN monitoring.observation o ON o.station_id = s.id
       GROUP BY s.id`,
    );
    expect(rows).toHaveLength(20);
    for (const row of rows) {
      expect(row.observations).toBeGreaterThan(0);
      expect(row.span.days).toBeGreaterThanOrEqual(330);
    }
  });

  it('has sample dossiers at every land office, each with its events and a due date', async () => {
    const { rows } = await client.query(
      `SELECT o.code, count(DISTINCT d.id)::int AS dossiers,
              count(e.*)::int AS events, bool_and(d.due_at > d.received_at) AS due_after_receipt
       FROM org.office o
       JOIN dossier.dossier d ON d.current_office_id = o.id OR d.receiving_office_id = o.id
       LEFT JOIN dossier.event e ON e.dossier_id = d.id
       WHERE o.kind IN ('provincial_lro', 'branch')
       GROUP BY o.code`,
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row.dossiers).toBeGreaterThanOrEqual(2);
      expect(row.events).toBeGreaterThanOrEqual(row.dossiers);
      expect(row.due_after_receipt).toBe(true);
    }
  });
});
