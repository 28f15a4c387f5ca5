// Cadastral map sheets of the demo: each legacy commune is a block of sheets numbered
// from 1 (north-west, row by row), surveyed between 2008 and 2016 under that commune.
import type pg from 'pg';
import { addDays, randomDate } from './calendar';
import type { LegacyCommunePlan, Rect } from './province_layout';
import { apportion, rngFor } from './random';

/** Native CRS of the demo: VN-2000 / TM-3 105-30 (Sóc Trăng, Cần Thơ). */
export const nativeSrid = 9209;

// The provincial centre surveyed most communes (listed twice: twice as likely).
const surveyingUnits = [
  'Trung tâm Kỹ thuật Tài nguyên và Môi trường tỉnh Sóc Trăng',
  'Trung tâm Kỹ thuật Tài nguyên và Môi trường tỉnh Sóc Trăng',
  'Công ty TNHH Đo đạc Bản đồ Miền Nam',
  'Xí nghiệp Trắc địa Bản đồ 305',
] as const;

export interface SheetPlan {
  commune: LegacyCommunePlan;
  sheetNo: number;
  rect: Rect;
  surveyDate: string;
  surveyingUnit: string;
  /** Current parcels to generate on this sheet. */
  parcels: number;
}

export interface LoadedSheet extends SheetPlan {
  id: number;
}

/** The sheets of one commune, with the commune's parcels shared out among them. */
export function planSheets(commune: LegacyCommunePlan, seed: number): SheetPlan[] {
  const rng = rngFor(seed, 'sheets', commune.code);
  const count = commune.sheetColumns * commune.sheetRows;
  const quotas = apportion(
    commune.parcels,
    Array.from({ length: count }, () => rng.float(0.7, 1.3)),
  );
  const campaignStart = randomDate(rng, '2008-01-01', '2016-06-30');
  const surveyingUnit = rng.pick(surveyingUnits);
  return quotas.map((parcels, index) => {
    const row = Math.floor(index / commune.sheetColumns);
    const column = index % commune.sheetColumns;
    const x0 = commune.rect.x0 + column * commune.sheetSize;
    const y1 = commune.rect.y1 - row * commune.sheetSize;
    return {
      commune,
      sheetNo: index + 1,
      rect: { x0, y0: y1 - commune.sheetSize, x1: x0 + commune.sheetSize, y1 },
      surveyDate: addDays(campaignStart, rng.int(0, 150)),
      surveyingUnit,
      parcels,
    };
  });
}

/** Inserts the sheets (footprints in SRID 9209) and returns them with their ids. */
export async function insertSheets(
  client: pg.ClientBase,
  sheets: readonly SheetPlan[],
  communeIds: ReadonlyMap<string, number>,
): Promise<LoadedSheet[]> {
  const communeId = (sheet: SheetPlan) => {
    const id = communeIds.get(sheet.commune.code);
    if (id === undefined) throw new Error(`commune ${sheet.commune.code} was not loaded`);
    return id;
  };
  const { rows } = await client.query<{ id: number; commune_id: number; sheet_no: number }>(
    `INSERT INTO cadastre.map_sheet (commune_id, sheet_no, scale, zone_srid, survey_date, surveying_unit, footprint)
     SELECT commune_id, sheet_no, scale, $10, survey_date, surveying_unit, ST_MakeEnvelope(x0, y0, x1, y1, $10)
     FROM unnest($1::int[], $2::int[], $3::int[], $4::date[], $5::text[],
                 $6::float8[], $7::float8[], $8::float8[], $9::float8[])
          AS s(commune_id, sheet_no, scale, survey_date, surveying_unit, x0, y0, x1, y1)
     RETURNING id, commune_id, sheet_no`,
    [
      sheets.map(communeId),
      sheets.map((s) => s.sheetNo),
      sheets.map((s) => s.commune.scale),
      sheets.map((s) => s.surveyDate),
      sheets.map((s) => s.surveyingUnit),
      sheets.map((s) => s.rect.x0),
      sheets.map((s) => s.rect.y0),
      sheets.map((s) => s.rect.x1),
      sheets.map((s) => s.rect.y1),
      nativeSrid,
    ],
  );
  const ids = new Map(rows.map((row) => [`${row.commune_id}/${row.sheet_no}`, row.id]));
  return sheets.map((sheet) => {
    const id = ids.get(`${communeId(sheet)}/${sheet.sheetNo}`);
    if (id === undefined)
      throw new Error(`sheet ${sheet.commune.code}/${sheet.sheetNo} was not stored`);
    return { ...sheet, id };
  });
}
