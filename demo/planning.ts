// Land-use plans of the demo: the published 2021-2030 master plan with 3-6 zones per legacy
// commune (a few of them not disclosed), and a draft 2026 annual plan. Decision numbers and
// zones are illustrative.
import type pg from 'pg';
import type { AdminUnitIds } from './admin_units';
import { nativeSrid } from './map_sheets';
import type { ProvincePlan, Rect } from './province_layout';
import { type Rng, rngFor } from './random';

const masterPlanPublishedAt = '2022-03-25 08:00:00+07';

const zoneLabels: Readonly<Record<string, string>> = {
  ODT: 'Khu dân cư đô thị',
  TMD: 'Khu thương mại, dịch vụ',
  DGT: 'Hành lang giao thông',
  DKV: 'Công viên, khu vui chơi',
  DGD: 'Đất giáo dục',
  DYT: 'Đất y tế',
  DVH: 'Đất văn hóa',
  LUC: 'Vùng chuyên canh lúa',
  ONT: 'Khu dân cư nông thôn',
  CLN: 'Vùng cây ăn trái',
  NTS: 'Vùng nuôi trồng thủy sản',
  SKC: 'Cụm công nghiệp',
  DTL: 'Công trình thủy lợi',
};

const urbanUses: readonly (readonly [string, number])[] = [
  ['ODT', 3],
  ['TMD', 2],
  ['DGT', 1],
  ['DKV', 1],
  ['DGD', 1],
  ['DYT', 0.5],
  ['DVH', 0.5],
];
const ruralUses: readonly (readonly [string, number])[] = [
  ['LUC', 3],
  ['ONT', 2],
  ['CLN', 1.5],
  ['NTS', 1.5],
  ['SKC', 0.7],
  ['DGT', 0.7],
  ['DTL', 0.7],
  ['TMD', 0.4],
];

interface ZoneRow {
  planId: number;
  code: string;
  name: string;
  communeId: number;
  rect: Rect;
  disclosed: boolean;
}

/** The six parts of a commune (three columns, two rows), in whole metres. */
function communeParts(rect: Rect): Rect[] {
  const xs = [0, 1, 2, 3].map((i) => Math.round(rect.x0 + ((rect.x1 - rect.x0) * i) / 3));
  const ys = [0, 1, 2].map((i) => Math.round(rect.y0 + ((rect.y1 - rect.y0) * i) / 2));
  const parts: Rect[] = [];
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 3; c++) {
      parts.push({ x0: xs[c] ?? 0, y0: ys[r] ?? 0, x1: xs[c + 1] ?? 0, y1: ys[r + 1] ?? 0 });
    }
  }
  return parts;
}

function shortName(name: string): string {
  return name.replace(/^Xã /, '');
}

async function insertPlan(client: pg.ClientBase, values: readonly unknown[]): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO planning.plan (name, kind, period_start, period_end, province_id, decision_no,
                                decision_date, approved_by, status, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    values as unknown[],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('plan was not stored');
  return id;
}

async function insertZones(client: pg.ClientBase, zones: readonly ZoneRow[]): Promise<void> {
  await client.query(
    `INSERT INTO planning.plan_zone (plan_id, planned_use_code, name, commune_id, zone_srid, geom,
                                     disclosed, published_at)
     SELECT plan_id, code, name, commune_id, $11, ST_Multi(ST_MakeEnvelope(x0, y0, x1, y1, $11)),
            disclosed, CASE WHEN disclosed THEN $12::timestamptz END
     FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::float8[], $6::float8[],
                 $7::float8[], $8::float8[], $9::boolean[], $10::int[])
          AS z(plan_id, code, name, commune_id, x0, y0, x1, y1, disclosed, ord)
     ORDER BY ord`,
    [
      zones.map((z) => z.planId),
      zones.map((z) => z.code),
      zones.map((z) => z.name),
      zones.map((z) => z.communeId),
      zones.map((z) => z.rect.x0),
      zones.map((z) => z.rect.y0),
      zones.map((z) => z.rect.x1),
      zones.map((z) => z.rect.y1),
      zones.map((z) => z.disclosed),
      zones.map((_, i) => i),
      nativeSrid,
      masterPlanPublishedAt,
    ],
  );
}

function zoneName(code: string, communeName: string, rng: Rng): string {
  return `${zoneLabels[code] ?? code} ${shortName(communeName)} ${rng.pick(['', '(khu 1)', '(khu 2)', '(mở rộng)'])}`.trim();
}

/** Inserts both plans and their zones; returns the number of zones. */
export async function loadPlanning(
  client: pg.ClientBase,
  plan: ProvincePlan,
  units: AdminUnitIds,
  seed: number,
): Promise<number> {
  const rng = rngFor(seed, 'planning');
  const masterId = await insertPlan(client, [
    'Quy hoạch sử dụng đất thời kỳ 2021-2030',
    'master_plan',
    2021,
    2030,
    units.legacyProvinceId,
    '1234/QĐ-UBND',
    '2022-03-15',
    'UBND tỉnh Sóc Trăng',
    'published',
    masterPlanPublishedAt,
  ]);
  const annualId = await insertPlan(client, [
    'Kế hoạch sử dụng đất năm 2026',
    'annual_plan',
    2026,
    2026,
    units.currentProvinceId,
    null,
    null,
    null,
    'draft',
    null,
  ]);
  const zones: ZoneRow[] = [];
  for (const commune of plan.legacyCommunes) {
    const communeId = units.legacyCommuneIds.get(commune.code) ?? 0;
    const parts = communeParts(commune.rect);
    for (const index of rng.sample(parts.length, rng.int(3, 6))) {
      const code = rng.weighted(commune.urban ? urbanUses : ruralUses);
      zones.push({
        planId: masterId,
        code,
        name: zoneName(code, commune.name, rng),
        communeId,
        rect: parts[index] ?? commune.rect,
        disclosed: rng.chance(0.85),
      });
    }
  }
  for (const commune of plan.currentCommunes) {
    if (!rng.chance(0.5)) continue;
    const code = commune.kind === 'phường' ? 'TMD' : rng.pick(['ONT', 'SKC', 'NTS']);
    const member = rng.pick(commune.members);
    zones.push({
      planId: annualId,
      code,
      name: `Chuyển mục đích sang ${zoneLabels[code]?.toLowerCase() ?? code} - ${commune.name}`,
      communeId: units.currentCommuneIds.get(commune.code) ?? 0,
      rect: rng.pick(communeParts(member.rect)),
      disclosed: false,
    });
  }
  await insertZones(client, zones);
  return zones.length;
}
