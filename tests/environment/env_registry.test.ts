import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppFixture, startAppFixture } from '../support/app_fixture';

let fx: AppFixture;
let point: { type: 'Point'; coordinates: [number, number] };

beforeAll(async () => {
  fx = await startAppFixture();
  const { rows } = await fx.pool.query(
    `SELECT ST_X(c) AS lon, ST_Y(c) AS lat
     FROM cadastre.current_parcel p, LATERAL ST_Transform(ST_PointOnSurface(p.geom), 4326) AS c
     ORDER BY p.parcel_id OFFSET 777 LIMIT 1`,
  );
  point = { type: 'Point', coordinates: [rows[0].lon, rows[0].lat] };
});
afterAll(() => fx.close());

const signIn = async (username: string) => ({
  ...(await fx.signIn(username)),
  'Content-Type': 'application/json',
});

describe('environmental protection registry', () => {
  it('lets admins record commitments and shows the public decided records without personal data', async () => {
    const admin = await signIn('admin');
    const tag = `T${Date.now().toString(36)}`;
    const create = (body: unknown, headers = admin) =>
      fetch(`${fx.base}/api/environment/records`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
    const organisation = {
      kind: 'commitment',
      projectName: `Nhà máy chế biến thủy sản ${tag}`,
      ownerKind: 'organisation',
      ownerName: `Công ty TNHH Thủy sản ${tag}`,
      ownerAddress: 'KCN An Nghiệp',
      location: point,
      approvingBody: 'Sở Nông nghiệp và Môi trường',
      decisionNo: `45/${tag}`,
      decisionDate: '2025-09-01',
      status: 'approved',
    };
    const first = await create(organisation);
    expect(first.status).toBe(201);
    const stored = await first.json();
    expect(stored).toMatchObject({ ownerAddress: 'KCN An Nghiệp', status: 'approved' });

    const person = {
      ...organisation,
      kind: 'plan',
      projectName: `Trang trại chăn nuôi ${tag}`,
      ownerKind: 'individual',
      ownerName: `ZQXPERSON Trần Văn Riêng ${tag}`,
      ownerAddress: 'ZQXADDR Ấp Riêng Tư',
      ownerContact: '0909000000',
      decisionNo: `46/${tag}`,
    };
    expect((await create(person)).status).toBe(201);
    const pending = await create({
      ...organisation,
      projectName: `Dự án chờ duyệt ${tag}`,
      status: 'submitted',
      decisionNo: null,
      decisionDate: null,
    });
    expect(pending.status).toBe(201);

    const missing = await create({ ...organisation, decisionNo: undefined });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({
      field: 'decisionNo',
      message: 'decisionNo: is required when status is approved',
    });
    const viewer = await signIn('viewer1');
    expect((await create(organisation, viewer)).status).toBe(403);
    expect((await fetch(`${fx.base}/api/environment/records`)).status).toBe(401);

    const found = await (
      await fetch(`${fx.base}/api/environment/records?q=${tag}&format=geojson`, { headers: viewer })
    ).json();
    expect(found.numberMatched).toBe(3);
    expect(found.features[0].geometry.type).toBe('Point');

    const patched = await fetch(`${fx.base}/api/environment/records/${stored.id}`, {
      method: 'PATCH',
      headers: admin,
      body: JSON.stringify({ status: 'in_force' }),
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).status).toBe('in_force');

    const publicText = await (
      await fetch(`${fx.base}/api/public/environment-records?limit=500`)
    ).text();
    const records = JSON.parse(publicText).records.filter((r: { projectName: string }) =>
      r.projectName.endsWith(tag),
    );
    expect(records.map((r: { projectName: string }) => r.projectName).sort()).toEqual(
      [organisation.projectName, person.projectName].sort(),
    );
    expect(records.find((r: { kind: string }) => r.kind === 'commitment').ownerName).toBe(
      organisation.ownerName,
    );
    expect(records.find((r: { kind: string }) => r.kind === 'plan').ownerName).toBeNull();
    for (const secret of ['ZQXPERSON', 'ZQXADDR', '0909000000', 'KCN An Nghiệp'])
      expect(publicText).not.toContain(secret);

    const removed = await fetch(`${fx.base}/api/environment/records/${stored.id}`, {
      method: 'DELETE',
      headers: admin,
    });
    expect(removed.status).toBe(204);
  });
});
