import { type MappedUses, mapLandUses } from '../fields/land_use_mapping';
import { garbledReason } from '../text/text_encoding';
import type { FeatureProblem, SourceFeature } from './source_feature';

type Value = string | number | null | undefined;

const positiveInteger = (value: Value): number | undefined => {
  const number = typeof value === 'number' ? value : Number(String(value ?? '').trim());
  return Number.isSafeInteger(number) && number > 0 && number < 2 ** 31 ? number : undefined;
};

const positiveNumber = (value: Value): number | undefined => {
  const number =
    typeof value === 'number'
      ? value
      : Number(
          String(value ?? '')
            .trim()
            .replace(',', '.'),
        );
  return Number.isFinite(number) && number > 0 ? number : undefined;
};

/** A value as text, trimmed; null when absent or blank. */
export const text = (value: Value): string | null =>
  value === null || value === undefined || String(value).trim() === ''
    ? null
    : String(value).trim();

/**
 * garbledReason per distinct value: holder names and addresses repeat across a file (the
 * same family, the same hamlet), and the syllable check was a quarter of the parse time.
 * Bounded: cleared when it holds `garbledCacheSize` values.
 */
const garbledCacheSize = 50_000;
const garbledCache = new Map<string, string | undefined>();
function cachedGarbledReason(value: string): string | undefined {
  if (garbledCache.has(value)) return garbledCache.get(value);
  const reason = garbledReason(value);
  if (garbledCache.size >= garbledCacheSize) garbledCache.clear();
  garbledCache.set(value, reason);
  return reason;
}

/** The land-use catalogue as sets: current codes, and legacy code -> current code. */
export interface LandUseSets {
  current: ReadonlySet<string>;
  legacy: ReadonlyMap<string, string>;
}

/** The attribute values of one feature, checked: what goes into the staging row. */
export interface FeatureFields {
  commune: string | null;
  sheet: number | undefined;
  parcel: number | undefined;
  area: number | undefined;
  uses: MappedUses;
}

/** Commune code, sheet and parcel number: the parcel's identity. */
function checkIdentity(
  v: SourceFeature['values'],
  defaultCommune: string | undefined,
  problems: FeatureProblem[],
): Pick<FeatureFields, 'commune' | 'sheet' | 'parcel'> {
  const commune = text(v.commune) ?? defaultCommune ?? null;
  const sheet = positiveInteger(v.sheet);
  const parcel = positiveInteger(v.parcel);
  if (commune === null || !/^[0-9]{2,5}$/.test(commune)) {
    problems.push({
      severity: 'error',
      rule: 'commune_invalid',
      message: `commune code ${JSON.stringify(commune)} is not 2-5 digits`,
    });
  }
  if (sheet === undefined)
    problems.push({
      severity: 'error',
      rule: 'sheet_invalid',
      message: `sheet number ${JSON.stringify(v.sheet ?? null)} is not a positive integer`,
    });
  if (parcel === undefined)
    problems.push({
      severity: 'error',
      rule: 'parcel_invalid',
      message: `parcel number ${JSON.stringify(v.parcel ?? null)} is not a positive integer`,
    });
  return { commune, sheet, parcel };
}

/** The legal area, when the file gives one. */
function checkArea(v: SourceFeature['values'], problems: FeatureProblem[]): number | undefined {
  if (text(v.area) === null) return undefined;
  const area = positiveNumber(v.area);
  if (area === undefined) {
    problems.push({
      severity: 'error',
      rule: 'area_invalid',
      message: `area ${JSON.stringify(v.area)} is not a positive number`,
    });
  }
  return area;
}

/** The land-use codes, legacy ones mapped to current: one to three of the catalogue. */
function checkLandUses(
  v: SourceFeature['values'],
  catalogue: LandUseSets,
  problems: FeatureProblem[],
): MappedUses {
  const uses = mapLandUses(text(v.landUse) ?? '', catalogue);
  if (uses.unknown.length > 0) {
    problems.push({
      severity: 'error',
      rule: 'unknown_land_use_code',
      message: `land-use code ${uses.unknown.join(', ')} is neither a current (Circular 08/2024) nor a known legacy code`,
    });
  } else if (uses.codes.length === 0) {
    problems.push({ severity: 'error', rule: 'land_use_missing', message: 'no land-use code' });
  } else if (uses.codes.length > 3) {
    problems.push({
      severity: 'error',
      rule: 'too_many_land_uses',
      message: `${uses.codes.length} land uses; a parcel has at most 3`,
    });
  }
  return uses;
}

/** Holder and address that read as text decoded with the wrong encoding. */
function checkTexts(v: SourceFeature['values'], problems: FeatureProblem[]): void {
  for (const field of ['holder', 'address'] as const) {
    const value = text(v[field]);
    const garbled = value === null ? undefined : cachedGarbledReason(value);
    if (garbled)
      problems.push({ severity: 'error', rule: 'garbled_text', message: `${field}: ${garbled}` });
  }
}

/** Checks the mapped attribute values of a feature, adding a problem per broken rule, in this order. */
export function checkFields(
  v: SourceFeature['values'],
  context: {
    defaultCommune: string | undefined;
    landUses: LandUseSets;
  },
  problems: FeatureProblem[],
): FeatureFields {
  const identity = checkIdentity(v, context.defaultCommune, problems);
  const area = checkArea(v, problems);
  const uses = checkLandUses(v, context.landUses, problems);
  checkTexts(v, problems);
  return { ...identity, area, uses };
}
