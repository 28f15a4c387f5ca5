// What the cadastral book says about a demo parcel besides its shape: its address, its
// legal area and the numbers on its certificate and on the old map. Pure.
import type { CertificateKind } from './holders';
import { hamletsFor } from './names';
import type { LegacyCommunePlan } from './province_layout';
import type { Rng } from './random';

/** Where a lot lies, as written in the cadastral book: a hamlet, or a street and neighbourhood. */
export class AddressBook {
  private readonly hamlets: string[];
  private readonly neighbourhoods: number;

  constructor(
    private readonly commune: LegacyCommunePlan,
    rng: Rng,
  ) {
    this.hamlets = hamletsFor(rng, rng.int(4, 6));
    this.neighbourhoods = rng.int(4, 8);
  }

  /** The address of a lot on a sheet; hamlets and neighbourhoods cover runs of sheets. */
  forSheet(sheetNo: number, frontage: boolean, street: string): string {
    const sheets = this.commune.sheetColumns * this.commune.sheetRows;
    if (!this.commune.urban) {
      const hamlet = this.hamlets[Math.floor(((sheetNo - 1) * this.hamlets.length) / sheets)];
      return hamlet ?? this.hamlets[0] ?? 'Ấp 1';
    }
    const khom = 1 + Math.floor(((sheetNo - 1) * this.neighbourhoods) / sheets);
    return frontage ? `Đường ${street}, Khóm ${khom}` : `Khóm ${khom}`;
  }
}

/** An area in tenths of a square metre as numeric text ("1234.5"). */
export function tenthsText(tenths: number): string {
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/**
 * The legal area in tenths of m²: the computed one rounded, or (for half of the old
 * certificates and a few others, ~15% in all) a figure 0.5-8% off.
 */
export function legalTenths(computedArea: number, certificate: CertificateKind, rng: Rng): number {
  const computed = Math.max(1, Math.round(computedArea * 10));
  const off = certificate === 'old' ? rng.chance(0.5) : rng.chance(0.03);
  if (!off) return computed;
  const factor = 1 + (rng.chance(0.5) ? 1 : -1) * rng.float(0.005, 0.08);
  return Math.max(1, Math.round(computed * factor));
}

/**
 * cert_sheet_no, cert_parcel_no, old_sheet_no, old_parcel_no. Certificates show the current
 * numbers, except some old ones issued on the previous map (about 5% of parcels), whose
 * numbers are also the parcel's old numbers.
 */
export function certificateNumbers(
  certificate: CertificateKind,
  sheetNo: number,
  parcelNo: number,
  oldSheets: number,
  rng: Rng,
): [number | null, number | null, number | null, number | null] {
  if (certificate === 'none') return [null, null, null, null];
  if (certificate === 'current') return [sheetNo, parcelNo, null, null];
  if (rng.chance(0.22)) {
    const oldSheet = rng.int(1, oldSheets);
    const oldParcel = rng.int(1, 600);
    return [oldSheet, oldParcel, oldSheet, oldParcel];
  }
  return rng.chance(0.5)
    ? [sheetNo, parcelNo, rng.int(1, oldSheets), rng.int(1, 600)]
    : [sheetNo, parcelNo, null, null];
}
