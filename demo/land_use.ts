// Which land use a demo parcel gets, and how a parcel with several uses splits its area.
// Codes are those of Circular 08/2024/TT-BTNMT (ref.land_use_code). Pure.
import type { StripKind } from './parcel_grid';
import type { Rng } from './random';

/** One land use of a parcel; the area is in tenths of a square metre. */
export interface LandUseShare {
  code: string;
  tenths: number;
}

/** Land the State manages: held by the commune People's Committee, not by a citizen. */
const stateLandCodes: ReadonlySet<string> = new Set(['DGT', 'DTL', 'SON', 'TSC']);
/** Public-service land held by a school or a health station. */
const institutionCodes: ReadonlySet<string> = new Set(['DGD', 'DYT']);
const residentialCodes: ReadonlySet<string> = new Set(['ONT', 'ODT']);

/** Who holds land of this use: the State, a public institution, or a private holder. */
export function holderClass(code: string): 'state' | 'institution' | 'private' {
  if (stateLandCodes.has(code)) return 'state';
  if (institutionCodes.has(code)) return 'institution';
  return 'private';
}

/** True for residential land (use term "Lâu dài"). */
export function isResidential(code: string): boolean {
  return residentialCodes.has(code);
}

/** The use of a road, canal or river strip. */
export function stripUse(kind: StripKind): string {
  return kind === 'road' ? 'DGT' : kind === 'canal' ? 'DTL' : 'SON';
}

/** The use most lots of a block share (a rice field, an orchard, a shrimp pond area...). */
export function blockDominantUse(urban: boolean, rng: Rng): string {
  return urban
    ? rng.weighted([
        ['ODT', 0.9],
        ['TMD', 0.1],
      ])
    : rng.weighted([
        ['LUC', 0.55],
        ['CLN', 0.15],
        ['NTS', 0.12],
        ['HNK', 0.1],
        ['LUK', 0.08],
      ]);
}

/** The use of one lot: mostly its block's, houses along roads and canals in the countryside. */
export function lotUse(urban: boolean, frontage: boolean, dominant: string, rng: Rng): string {
  if (urban) {
    if (rng.chance(0.85)) return dominant;
    return rng.weighted([
      ['ODT', 0.55],
      ['TMD', 0.2],
      ['TSC', 0.06],
      ['DGD', 0.06],
      ['DYT', 0.03],
      ['DVH', 0.03],
      ['TON', 0.03],
      ['CLN', 0.04],
    ]);
  }
  if (frontage && rng.chance(0.45)) return 'ONT';
  if (rng.chance(0.8)) return dominant;
  return rng.weighted([
    ['LUC', 0.3],
    ['CLN', 0.2],
    ['ONT', 0.15],
    ['NTS', 0.1],
    ['HNK', 0.1],
    ['SKC', 0.03],
    ['TSC', 0.03],
    ['DGD', 0.03],
    ['DYT', 0.02],
    ['NTD', 0.02],
    ['TIN', 0.02],
  ]);
}

/**
 * Splits a parcel's legal area (tenths of m²) among up to three uses that add up to it
 * exactly: many rural house plots are ONT 300 m² (200-400) plus perennial crops, some with
 * a fish pond; some town plots have a garden (ODT + CLN).
 */
export function splitLandUses(primary: string, totalTenths: number, rng: Rng): LandUseShare[] {
  if (primary === 'ONT') {
    const residential = rng.pick([2000, 3000, 3000, 3000, 4000]);
    const roll = rng.next();
    if (roll < 0.25 && totalTenths > residential + 2000) {
      return [
        { code: 'ONT', tenths: residential },
        { code: 'CLN', tenths: totalTenths - residential },
      ];
    }
    if (roll < 0.3 && totalTenths > residential + 4000) {
      const pond = Math.round((totalTenths - residential) * rng.float(0.2, 0.4));
      return [
        { code: 'ONT', tenths: residential },
        { code: 'CLN', tenths: totalTenths - residential - pond },
        { code: 'NTS', tenths: pond },
      ];
    }
  }
  if (primary === 'ODT' && rng.chance(0.1)) {
    const residential = rng.int(1500, 2500);
    if (totalTenths > residential + 500) {
      return [
        { code: 'ODT', tenths: residential },
        { code: 'CLN', tenths: totalTenths - residential },
      ];
    }
  }
  return [{ code: primary, tenths: totalTenths }];
}
