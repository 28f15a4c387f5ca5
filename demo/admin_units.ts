// Administrative units of the demo: legacy Sóc Trăng (province, districts, communes, until
// 30 June 2025) and post-reform Cần Thơ with its merged communes (from 1 July 2025), plus
// the old -> new succession rows.
import type pg from 'pg';
import { nativeSrid } from './map_sheets';
import { toAscii } from './names';
import { districtRects, type ProvincePlan, type Rect } from './province_layout';

const legacyValid = '[1992-04-01,2025-07-01)';
const currentValid = '[2025-07-01,)';
const reformDate = '2025-07-01';
const legacyProvinceBasis =
  'Nghị quyết Kỳ họp thứ 10 Quốc hội khóa VIII ngày 26/12/1991 (tái lập tỉnh Sóc Trăng)';
// Province merger (Sóc Trăng into Cần Thơ); the number is to be verified against the legal text.
const provinceReformBasis = 'Nghị quyết 202/2025/QH15';
// Illustrative: the commune-level resolution for Cần Thơ as the demo cites it.
const communeReformBasis = 'Nghị quyết 1668/NQ-UBTVQH15';

export interface AdminUnitIds {
  legacyProvinceId: number;
  currentProvinceId: number;
  /** Legacy communes by code. */
  legacyCommuneIds: ReadonlyMap<string, number>;
  /** Post-reform communes by code. */
  currentCommuneIds: ReadonlyMap<string, number>;
}

interface UnitRow {
  code: string;
  level: 'province' | 'district' | 'commune';
  kind: string;
  name: string;
  parentId: number | null;
  valid: string;
  legalBasis: string | null;
  /** The unit's area: the union of these rectangles (SRID 9209). */
  rects: readonly Rect[];
}

// Geometry: union of the rectangles in the native plane, a vertex every 500 m (so units
// that share an edge share every vertex of it), snapped to the millimetre, then WGS84.
const insertUnitSql = `
  INSERT INTO admin.unit (code, level, kind, name, name_en, parent_id, valid, legal_basis, geom)
  SELECT $1, $2, $3, $4, $5, $6, $7::daterange, $8,
         ST_Multi(ST_Transform(ST_SnapToGrid(ST_Segmentize(
           ST_Union(ST_MakeEnvelope(r.x0, r.y0, r.x1, r.y1, $13)), 500), 0.001), 4326))
  FROM unnest($9::float8[], $10::float8[], $11::float8[], $12::float8[]) AS r(x0, y0, x1, y1)
  RETURNING id`;

function englishName(name: string): string {
  const ascii = toAscii(name);
  const prefixes: [RegExp, string][] = [
    [/^Phuong (\d+)$/, 'Ward $1'],
    [/^Phuong (.+)$/, '$1 Ward'],
    [/^Xa (.+)$/, '$1 Commune'],
    [/^Huyen (.+)$/, '$1 District'],
    [/^Thanh pho (.+)$/, '$1 City'],
  ];
  for (const [pattern, replacement] of prefixes) {
    if (pattern.test(ascii)) return ascii.replace(pattern, replacement);
  }
  return ascii;
}

async function insertUnit(client: pg.ClientBase, unit: UnitRow): Promise<number> {
  const { rows } = await client.query<{ id: number }>(insertUnitSql, [
    unit.code,
    unit.level,
    unit.kind,
    unit.name,
    englishName(unit.name),
    unit.parentId,
    unit.valid,
    unit.legalBasis,
    unit.rects.map((r) => r.x0),
    unit.rects.map((r) => r.y0),
    unit.rects.map((r) => r.x1),
    unit.rects.map((r) => r.y1),
    nativeSrid,
  ]);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`admin unit ${unit.code} was not stored`);
  return id;
}

/** Inserts legacy and current units with their geometry and the succession rows. */
export async function loadAdminUnits(
  client: pg.ClientBase,
  plan: ProvincePlan,
): Promise<AdminUnitIds> {
  const allRects = plan.legacyCommunes.map((c) => c.rect);
  const legacyProvinceId = await insertUnit(client, {
    code: '94',
    level: 'province',
    kind: 'tỉnh',
    name: 'Sóc Trăng',
    parentId: null,
    valid: legacyValid,
    legalBasis: legacyProvinceBasis,
    rects: allRects,
  });
  const districtIds = new Map<string, number>();
  for (const district of plan.districts) {
    const id = await insertUnit(client, {
      code: district.code,
      level: 'district',
      kind: district.kind,
      name: district.name,
      parentId: legacyProvinceId,
      valid: legacyValid,
      legalBasis: null,
      rects: districtRects(plan, district),
    });
    districtIds.set(district.code, id);
  }
  const legacyCommuneIds = new Map<string, number>();
  for (const commune of plan.legacyCommunes) {
    const id = await insertUnit(client, {
      code: commune.code,
      level: 'commune',
      kind: commune.kind,
      name: commune.name,
      parentId: districtIds.get(commune.district.code) ?? null,
      valid: legacyValid,
      legalBasis: null,
      rects: [commune.rect],
    });
    legacyCommuneIds.set(commune.code, id);
  }
  const currentProvinceId = await insertUnit(client, {
    code: '92',
    level: 'province',
    kind: 'thành phố',
    name: 'Cần Thơ',
    parentId: null,
    valid: currentValid,
    legalBasis: provinceReformBasis,
    rects: allRects,
  });
  const currentCommuneIds = new Map<string, number>();
  for (const commune of plan.currentCommunes) {
    const id = await insertUnit(client, {
      code: commune.code,
      level: 'commune',
      kind: commune.kind,
      name: commune.name,
      parentId: currentProvinceId,
      valid: currentValid,
      legalBasis: communeReformBasis,
      rects: commune.members.map((m) => m.rect),
    });
    currentCommuneIds.set(commune.code, id);
    for (const member of commune.members) {
      await client.query(
        `INSERT INTO admin.unit_succession (predecessor_id, successor_id, effective, kind, legal_basis)
         VALUES ($1, $2, $3, $4, $5)`,
        // One kind for every row, as the demo brief asks, also where a single commune
        // passed to Cần Thơ unchanged (strictly a 'transferred').
        [legacyCommuneIds.get(member.code), id, reformDate, 'merged', communeReformBasis],
      );
    }
  }
  await client.query(
    `INSERT INTO admin.unit_succession (predecessor_id, successor_id, effective, kind, legal_basis)
     VALUES ($1, $2, $3, 'merged', $4)`,
    [legacyProvinceId, currentProvinceId, reformDate, provinceReformBasis],
  );
  return { legacyProvinceId, currentProvinceId, legacyCommuneIds, currentCommuneIds };
}
