import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

// Marker values planted as a holder and as a dossier applicant; none may ever appear in a
// public answer, whatever route, tile layer or OGC collection it comes from.
const markers = ['ZQXMARKER Nguyễn Bí Mật', '990011223344', 'ZQXADDR 7 Đường Riêng Tư'];

let fx: AppFixture;
let target: {
  parcel_id: number;
  code: string;
  sheet_no: number;
  parcel_no: number;
  lon: number;
  lat: number;
};
let receiptCode: string;
let stationId: number;
let planId: number | undefined;

beforeAll(async () => {
  fx = await startAppFixture();

  const { rows } = await fx.pool.query(
    `SELECT p.parcel_id::int AS parcel_id, u.code, p.sheet_no, p.parcel_no,
            ST_X(c) AS lon, ST_Y(c) AS lat
     FROM cadastre.current_parcel p JOIN admin.unit u ON u.id = p.commune_id
     CROSS JOIN LATERAL ST_Transform(ST_PointOnSurface(p.geom), 4326) AS c
     ORDER BY p.parcel_id OFFSET 1234 LIMIT 1`,
  );
  target = rows[0];
  const party = await fx.pool.query(
    `INSERT INTO registry.party (kind, full_name, id_kind, id_number, address)
     VALUES ('person', $1, 'cccd', $2, $3) RETURNING id`,
    markers,
  );
  await fx.pool.query(
    `INSERT INTO registry.parcel_right (parcel_id, party_id, right_kind, valid, source_kind)
     VALUES ($1, $2, 'land_use', tstzrange(now(), NULL), 'survey')`,
    [target.parcel_id, party.rows[0].id],
  );
  receiptCode = `HS-PRIVACYSWEEP${Date.now().toString(36).toUpperCase()}`;
  await fx.pool.query(
    `INSERT INTO dossier.dossier (receipt_code, procedure_code, state, receiving_office_id, current_office_id,
                                  commune_id, applicant_party_id, received_at, due_at, summary)
     SELECT $1, 'transfer', 'received', o.id, o.id, p.commune_id, $2, now(), now() + interval '7 days', NULL
     FROM org.office o, cadastre.current_parcel p WHERE o.kind = 'branch' AND p.parcel_id = $3 LIMIT 1`,
    [receiptCode, party.rows[0].id, target.parcel_id],
  );
  // An individual project owner in the environmental registry, with address and contact.
  await fx.pool.query(
    `INSERT INTO environment.protection_record (kind, project_name, owner_kind, owner_name, owner_address,
                                               owner_contact, geom, approving_body, decision_no, decision_date, status)
     VALUES ('commitment', 'Trại nuôi thử nghiệm quét riêng tư', 'individual', $1, $3, $2,
             ST_SetSRID(ST_MakePoint($4, $5), 4326), 'UBND xã', 'QD-SWEEP-1', current_date, 'approved')`,
    [...markers, target.lon, target.lat],
  );
  stationId = (await fx.pool.query('SELECT min(id) AS id FROM monitoring.station')).rows[0].id;
  planId = (
    await fx.pool.query(`SELECT min(id) AS id FROM planning.plan WHERE status = 'published'`)
  ).rows[0].id;
  await fx.pool.query(
    `INSERT INTO dossier.event (dossier_id, kind, to_state, to_office_id)
     SELECT id, 'received', 'received', current_office_id FROM dossier.dossier WHERE receipt_code = $1`,
    [receiptCode],
  );
});

afterAll(() => fx.close());

/** The tile x/y of a WGS84 position at zoom z (slippy-map numbering). */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  ];
}

/** Fetches a public path without a session and without gzip, so MVT strings are searchable bytes. */
async function publicBody(path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${fx.base}${path}`, { headers: { 'Accept-Encoding': 'identity' } });
  return {
    status: response.status,
    text: Buffer.from(await response.arrayBuffer()).toString('utf8'),
  };
}

describe('no personal data in public answers', () => {
  it('the markers are really there for staff to find, so the sweep below could fail', async () => {
    // Found through the staff API, as an officer would: the sweep's routes read the same rows.
    await fx.signIn('officer.province');
    const parcel = await fx.call('officer.province', 'GET', `/api/parcels/${target.parcel_id}`);
    expect(parcel.status).toBe(200);
    expect(JSON.stringify(parcel.body)).toContain(markers[0]);
    const dossiers = await fx.call('officer.province', 'GET', `/api/dossiers?q=${receiptCode}`);
    expect(dossiers.status).toBe(200);
    expect(JSON.stringify(dossiers.body)).toContain(markers[0]);
    const records = await fx.call(
      'officer.province',
      'GET',
      `/api/environment/records?q=${encodeURIComponent('quét riêng tư')}`,
    );
    expect(records.status).toBe(200);
    expect(JSON.stringify(records.body)).toContain(markers[0]);
  });

  it('is never in a public API answer, OGC document or collection, tile, TileJSON or style', async () => {
    const { lon, lat } = target;
    const bbox = [lon - 0.002, lat - 0.002, lon + 0.002, lat + 0.002].join(',');
    const paths = [
      `/api/public/parcels/${target.parcel_id}`,
      `/api/parcels/search?commune=${target.code}&sheet=${target.sheet_no}&parcel=${target.parcel_no}`,
      `/api/public/dossiers/${receiptCode}`,
      `/api/statistics/land-use?commune=${target.code}`,
      '/api/statistics/land-use?format=csv',
      '/api/stations',
      `/api/stations/${stationId}/observations?parameter=pH`,
      `/api/stations/${stationId}/observations.csv?parameter=pH`,
      '/api/public/plans',
      ...(planId ? [`/api/public/plans/${planId}`] : []),
      '/api/public/environment-records',
      '/api/public/communes',
      '/api/procedures',
      '/api/crs',
      '/ogc',
      '/ogc/collections',
      `/ogc/collections/parcels/items/${target.parcel_id}`,
      ...['parcels', 'map_sheets', 'plan_zones', 'stations', 'admin_units'].map(
        (collection) => `/ogc/collections/${collection}/items?bbox=${bbox}&limit=1000`,
      ),
      '/tiles/catalog.json',
      '/styles/public.json',
    ];
    for (const [layer, zooms] of [
      ['parcels', [15, 16, 18]],
      ['landuse', [12, 14]],
      ['map_sheets', [14]],
      ['plan_zones', [14]],
      ['stations', [12]],
      ['admin_units', [10, 14]],
    ] as const) {
      paths.push(`/tiles/${layer}.json`);
      for (const z of zooms) {
        const [x, y] = tileOf(lon, lat, z);
        paths.push(`/tiles/${layer}/${z}/${x}/${y}.mvt`);
      }
    }
    let nonEmpty = 0;
    for (const path of paths) {
      const { status, text } = await publicBody(path);
      expect(status, path).toBeLessThan(300);
      if (text.length > 0) nonEmpty++;
      for (const marker of markers) expect(text, `${path} leaks ${marker}`).not.toContain(marker);
    }
    // The planted registry record is public (so its owner could have leaked), without the owner.
    const registry = await publicBody('/api/public/environment-records?limit=500');
    expect(registry.text).toContain('Trại nuôi thử nghiệm quét riêng tư');
    // The sweep looked at real answers, not at a row of empty ones.
    expect(nonEmpty).toBeGreaterThan(paths.length - 3);
  });
});
