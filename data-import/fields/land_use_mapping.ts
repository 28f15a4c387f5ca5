/** The land-use catalogue as the importer needs it (from ref.land_use_code and ref.land_use_legacy_code). */
export interface LandUseCatalogue {
  current: readonly string[];
  /** Legacy code -> current code (Circulars 25/2014, 27/2018). */
  legacy: readonly (readonly [string, string])[];
}

export interface MappedUses {
  codes: string[];
  originals: string[];
  /** Tokens that are neither current nor legacy codes. */
  unknown: string[];
}

/**
 * Splits a land-use attribute ("ONT+CLN", "LUC, BHK") into current codes, keeping each
 * original token; legacy codes become their current code. Duplicates after mapping merge.
 */
export function mapLandUses(
  value: string,
  catalogue: { current: ReadonlySet<string>; legacy: ReadonlyMap<string, string> },
): MappedUses {
  const result: MappedUses = { codes: [], originals: [], unknown: [] };
  for (const token of value
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean)) {
    const code = catalogue.current.has(token) ? token : catalogue.legacy.get(token);
    if (code === undefined) result.unknown.push(token);
    else if (!result.codes.includes(code)) {
      result.codes.push(code);
      result.originals.push(token);
    }
  }
  return result;
}
