// The demo province on paper: which legacy districts and communes exist, how they merged
// on 1 July 2025, and where each lies in the VN-2000 / TM-3 105-30 plane (SRID 9209).
//
// Communes are rectangles made of whole map sheets. Each legacy district is a few columns
// of communes stacked north to south; districts sit side by side with their northern edges
// aligned, so communes tile without gaps or overlaps (district and province outlines are
// staircases). All corners lie on a 500 m lattice. The size of each commune grows with the
// number of parcels asked for. Pure: no database. The units themselves (names, codes,
// merges) are in province_units.ts.
import {
  currentCommunes,
  type DistrictSpec,
  districts,
  type LegacyCommuneSpec,
  legacyCommunes,
} from './province_units';
import { apportion } from './random';

/** An axis-aligned rectangle in metres (easting x, northing y) in SRID 9209. */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** DOMAIN.md check point: WGS84 105.97 E, 9.60 N in SRID 9209. */
export const checkPoint = { x: 551391.972, y: 1061653.388 } as const;

/** Share of the parcels that lie in urban wards. */
const urbanShare = 0.35;
/**
 * Parcels a map sheet holds at the densest nominal parcel sizes (roads and canals
 * included): urban ~16 x 25 m, rural ~40 x 65 m. Communes get whole rows of sheets, so
 * the average density comes out somewhat lower.
 */
const nominalParcelsPerSheet = { urban: 620, rural: 380 } as const;
const lattice = 500;

export interface DistrictPlan {
  code: string;
  name: string;
  kind: 'thành phố' | 'huyện';
  urban: boolean;
}

export interface LegacyCommunePlan {
  code: string;
  name: string;
  kind: 'phường' | 'xã';
  urban: boolean;
  district: DistrictPlan;
  rect: Rect;
  /** Side of one map sheet in metres: 500 at 1:1000 (wards), 1000 at 1:2000. */
  sheetSize: number;
  scale: 1000 | 2000;
  sheetColumns: number;
  sheetRows: number;
  /** Current parcels to generate in this commune. */
  parcels: number;
}

export interface CurrentCommunePlan {
  code: string;
  name: string;
  kind: 'phường' | 'xã';
  members: readonly LegacyCommunePlan[];
  rect: Rect;
}

export interface ProvincePlan {
  districts: readonly DistrictPlan[];
  legacyCommunes: readonly LegacyCommunePlan[];
  currentCommunes: readonly CurrentCommunePlan[];
}

function legacySpec(code: string): LegacyCommuneSpec {
  const spec = legacyCommunes.find((commune) => commune.code === code);
  if (!spec) throw new Error(`unknown legacy commune ${code}`);
  return spec;
}

function unionRect(rects: readonly Rect[]): Rect {
  return {
    x0: Math.min(...rects.map((r) => r.x0)),
    y0: Math.min(...rects.map((r) => r.y0)),
    x1: Math.max(...rects.map((r) => r.x1)),
    y1: Math.max(...rects.map((r) => r.y1)),
  };
}

/** The rectangles of a district's communes (their union is the district). */
export function districtRects(plan: ProvincePlan, district: DistrictPlan): Rect[] {
  return plan.legacyCommunes.filter((c) => c.district.code === district.code).map((c) => c.rect);
}

/** Each legacy commune's share of the parcels (the shares add up to `parcels` exactly). */
function parcelQuotas(parcels: number, urbanCodes: ReadonlySet<string>): Map<string, number> {
  const urbanCount = legacyCommunes.filter((c) => urbanCodes.has(c.code)).length;
  const ruralCount = legacyCommunes.length - urbanCount;
  const quotas = apportion(
    parcels,
    legacyCommunes.map(
      (c) =>
        c.weight *
        (urbanCodes.has(c.code) ? urbanShare / urbanCount : (1 - urbanShare) / ruralCount),
    ),
  );
  return new Map(legacyCommunes.map((c, i) => [c.code, quotas[i] ?? 0]));
}

/**
 * Lays out the demo province for `parcels` current parcels in total. Every legacy commune
 * gets a parcel quota; all communes of a kind (urban, rural) are equally many sheets wide,
 * and each is as many sheet rows tall as its quota needs. Districts and post-reform
 * communes are unions of communes.
 */
export function planProvince(parcels: number): ProvincePlan {
  if (!Number.isInteger(parcels) || parcels < 1) {
    throw new Error('parcels must be a positive integer');
  }
  const urbanCodes = new Set(districts.filter((d) => d.urban).flatMap((d) => d.columns.flat()));
  const quotaOf = parcelQuotas(parcels, urbanCodes);
  const perSheet = (urban: boolean) => nominalParcelsPerSheet[urban ? 'urban' : 'rural'];
  const columnsOf = (urban: boolean) => {
    const quotas = legacyCommunes.filter((c) => urbanCodes.has(c.code) === urban);
    const average = quotas.reduce((sum, c) => sum + (quotaOf.get(c.code) ?? 0), 0) / quotas.length;
    return Math.max(1, Math.round(Math.sqrt(average / perSheet(urban))));
  };
  const sheetColumns = { urban: columnsOf(true), rural: columnsOf(false) };
  const sheetSizeOf = (urban: boolean) => (urban ? 500 : 1000);
  const columnWidth = (urban: boolean) =>
    sheetColumns[urban ? 'urban' : 'rural'] * sheetSizeOf(urban);
  const sheetRowsOf = (code: string, urban: boolean) =>
    Math.max(
      1,
      Math.ceil(
        (quotaOf.get(code) ?? 0) / (perSheet(urban) * sheetColumns[urban ? 'urban' : 'rural']),
      ),
    );
  const heightOf = (column: readonly string[], urban: boolean) =>
    column.reduce((h, code) => h + sheetRowsOf(code, urban) * sheetSizeOf(urban), 0);
  const widthOf = (d: DistrictSpec) => d.columns.length * columnWidth(d.urban);

  const city = districts.find((d) => d.urban);
  if (!city) throw new Error('the demo needs an urban district');
  const cityHeight = Math.max(...city.columns.map((c) => heightOf(c, true)));
  const top = Math.round((checkPoint.y + cityHeight / 2) / lattice) * lattice;
  const westOfCity = districts
    .slice(0, districts.indexOf(city))
    .reduce((w, d) => w + widthOf(d), 0);
  let x = Math.round((checkPoint.x - widthOf(city) / 2) / lattice) * lattice - westOfCity;

  const districtPlans: DistrictPlan[] = [];
  const communePlans: LegacyCommunePlan[] = [];
  for (const spec of districts) {
    const { code, name, kind, urban } = spec;
    const district: DistrictPlan = { code, name, kind, urban };
    districtPlans.push(district);
    const size = sheetSizeOf(urban);
    spec.columns.forEach((column, columnIndex) => {
      const x0 = x + columnIndex * columnWidth(urban);
      let y1 = top;
      for (const communeCode of column) {
        const rows = sheetRowsOf(communeCode, urban);
        communePlans.push({
          code: communeCode,
          name: legacySpec(communeCode).name,
          kind: urban ? 'phường' : 'xã',
          urban,
          district,
          rect: { x0, y0: y1 - rows * size, x1: x0 + columnWidth(urban), y1 },
          sheetSize: size,
          scale: urban ? 1000 : 2000,
          sheetColumns: sheetColumns[urban ? 'urban' : 'rural'],
          sheetRows: rows,
          parcels: quotaOf.get(communeCode) ?? 0,
        });
        y1 -= rows * size;
      }
    });
    x += widthOf(spec);
  }
  const byCode = new Map(communePlans.map((c) => [c.code, c]));
  const current = currentCommunes.map((spec) => {
    const members = spec.members.map((code) => {
      const member = byCode.get(code);
      if (!member) throw new Error(`unknown legacy commune ${code}`);
      return member;
    });
    return { ...spec, members, rect: unionRect(members.map((m) => m.rect)) };
  });
  communePlans.sort((a, b) => a.code.localeCompare(b.code));
  return { districts: districtPlans, legacyCommunes: communePlans, currentCommunes: current };
}
