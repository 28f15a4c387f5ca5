import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
let sample: {
  parcel_id: number;
  commune_id: number;
  code: string;
  sheet_no: number;
  parcel_no: number;
  holder: string;
};

beforeAll(async () => {
  fx = await startAppFixture();
  // A parcel in a commune served by branch 1, held by a person whose name has diacritics.
  const { rows } = await fx.pool.query(
    `SELECT p.parcel_id::int AS parcel_id, p.commune_id, u.code, p.sheet_no, p.parcel_no, pa.full_name AS holder
     FROM cadastre.current_parcel p
     JOIN admin.unit u ON u.id = p.commune_id
     JOIN registry.parcel_right r ON r.parcel_id = p.parcel_id AND upper_inf(r.valid)
     JOIN registry.party pa ON pa.id = r.party_id AND pa.kind = 'person'
     JOIN auth.app_user au ON au.username = 'officer.branch1'
     WHERE p.commune_id IN (SELECT org.office_commune_ids(au.office_id))
       AND pa.full_name ~ '[ăâđêôơưàảãáạèẻẽéẹìỉĩíịòỏõóọùủũúụỳỷỹýỵ]'
     ORDER BY p.parcel_id LIMIT 1`,
  );
  sample = rows[0];
});
afterAll(() => fx.close());

/** "Nguyễn Văn Hùng" -> "nguyen van hung", as someone typing without Vietnamese input would. */
const withoutDiacritics = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();

describe('parcel details', () => {
  it('gives the public numbers, land use, areas and plan zones, and no personal data', async () => {
    const response = await fetch(`${fx.base}/api/public/parcels/${sample.parcel_id}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      parcelId: sample.parcel_id,
      sheetNo: sample.sheet_no,
      parcelNo: sample.parcel_no,
    });
    expect(body.landUses.length).toBeGreaterThan(0);
    expect(body.bbox).toHaveLength(4);
    expect(body.holders).toBeUndefined();
    expect(body.landAddress).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain(sample.holder);
  });

  it('gives holders to an officer whose office serves the commune, not to another branch', async () => {
    const own = await (
      await fetch(`${fx.base}/api/parcels/${sample.parcel_id}`, {
        headers: await fx.signIn('officer.branch1'),
      })
    ).json();
    expect(own.holders.map((holder: { name: string }) => holder.name)).toContain(sample.holder);
    expect(own.versionNo).toBeGreaterThanOrEqual(1);
    const other = await (
      await fetch(`${fx.base}/api/parcels/${sample.parcel_id}`, {
        headers: await fx.signIn('officer.branch2'),
      })
    ).json();
    expect(other.holders).toBeUndefined();
    expect(other.parcelNo).toBe(sample.parcel_no);
    const viewer = await (
      await fetch(`${fx.base}/api/parcels/${sample.parcel_id}`, {
        headers: await fx.signIn('viewer1'),
      })
    ).json();
    expect(viewer.holders).toBeUndefined();
  });

  it('answers 400 for a malformed id, 404 for an unknown one and 401 for staff details without a session', async () => {
    expect((await fetch(`${fx.base}/api/public/parcels/abc`)).status).toBe(400);
    expect((await fetch(`${fx.base}/api/public/parcels/1;DROP TABLE x`)).status).toBe(400);
    expect((await fetch(`${fx.base}/api/public/parcels/999999999`)).status).toBe(404);
    expect((await fetch(`${fx.base}/api/parcels/${sample.parcel_id}`)).status).toBe(401);
  });
});

describe('parcel search', () => {
  it('finds a parcel by commune code, sheet and parcel number without signing in', async () => {
    const query = new URLSearchParams({
      commune: sample.code,
      sheet: String(sample.sheet_no),
      parcel: String(sample.parcel_no),
    });
    const { hits } = await (await fetch(`${fx.base}/api/parcels/search?${query}`)).json();
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ parcelId: sample.parcel_id, commune: { code: sample.code } });
    expect(hits[0].holderNames).toBeUndefined();
  });

  it('finds parcels by holder name typed without diacritics, for staff only, within their communes', async () => {
    const holder = withoutDiacritics(sample.holder);
    expect(holder).not.toBe(sample.holder);
    const anonymous = await fetch(
      `${fx.base}/api/parcels/search?holder=${encodeURIComponent(holder)}`,
    );
    expect(anonymous.status).toBe(401);
    const viewer = await fetch(
      `${fx.base}/api/parcels/search?holder=${encodeURIComponent(holder)}`,
      {
        headers: await fx.signIn('viewer1'),
      },
    );
    expect(viewer.status).toBe(403);

    const { hits } = await (
      await fetch(`${fx.base}/api/parcels/search?holder=${encodeURIComponent(holder)}&limit=100`, {
        headers: await fx.signIn('officer.branch1'),
      })
    ).json();
    expect(hits.map((hit: { parcelId: number }) => hit.parcelId)).toContain(sample.parcel_id);
    expect(
      hits.every((hit: { holderNames: string[] }) =>
        hit.holderNames.some((name) => withoutDiacritics(name).includes(holder)),
      ),
    ).toBe(true);

    const elsewhere = await (
      await fetch(`${fx.base}/api/parcels/search?holder=${encodeURIComponent(holder)}&limit=100`, {
        headers: await fx.signIn('officer.branch2'),
      })
    ).json();
    expect(elsewhere.hits.map((hit: { parcelId: number }) => hit.parcelId)).not.toContain(
      sample.parcel_id,
    );
  });

  it('treats wildcards and quotes in the text as plain characters and names bad fields', async () => {
    const { hits } = await (
      await fetch(`${fx.base}/api/parcels/search?commune=${encodeURIComponent("%' OR 1=1 --")}`)
    ).json();
    expect(hits).toEqual([]);
    const bad = await fetch(`${fx.base}/api/parcels/search?commune=${sample.code}&sheet=-3`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe('sheet');
    const unknown = await fetch(`${fx.base}/api/parcels/search?commune=${sample.code}&color=red`);
    expect(unknown.status).toBe(400);
    expect((await fetch(`${fx.base}/api/parcels/search`)).status).toBe(400);
  });
});

describe('coordinate systems for clients', () => {
  it('lists the VN-2000 zones with their proj4 definitions', async () => {
    const { crs } = await (await fetch(`${fx.base}/api/crs`)).json();
    const zone = crs.find((entry: { srid: number }) => entry.srid === 9209);
    expect(zone.name).toBe('VN-2000 / TM-3 105-30');
    expect(zone.proj4).toContain('+lon_0=105.5');
  });
});
