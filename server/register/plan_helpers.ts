/** Pieces the register planners share. */
import { DiagisError } from '../../core/errors/diagis_error';
import type { CertificateRef } from './register_plan';
import type { HolderInput } from './register_request_schema';
import type { OpenRight, RegisterState } from './register_state';

/** What a planner knows besides the request and the register. */
export interface PlanContext {
  procedureCode: string;
  /** The dossier's receipt code, written into endorsements as the source document. */
  receiptCode: string;
}

export const conflict = (field: string, message: string) =>
  new DiagisError('conflict', `${field}: ${message}`, { field });

export const names = (holders: readonly { fullName: string }[]) =>
  holders.map((holder) => holder.fullName).join(', ');

export const vnDate = (iso: string) => iso.split('-').reverse().join('/');

/** The land-use rights in force on each parcel; a parcel without one is a conflict. */
export function landUseRightsByParcel(
  state: RegisterState,
  what: string,
): Map<number, OpenRight[]> {
  const byParcel = new Map<number, OpenRight[]>();
  for (const parcel of state.parcels) {
    const rights = state.rights.filter(
      (right) => right.parcelId === parcel.parcelId && right.rightKind === 'land_use',
    );
    if (rights.length === 0) {
      throw conflict(
        'parcelIds',
        `parcel ${parcel.sheetNo}/${parcel.parcelNo} (id ${parcel.parcelId}) has no land-use right in force to ${what}`,
      );
    }
    byParcel.set(parcel.parcelId, rights);
  }
  return byParcel;
}

/** The certificates the rights are recorded on, once each. */
export function certificatesOf(rights: readonly OpenRight[]): CertificateRef[] {
  const seen = new Map<number, string>();
  for (const right of rights) {
    if (right.certificateId !== null) seen.set(right.certificateId, right.certificateSerial ?? '');
  }
  return [...seen].map(([certificateId, serialNo]) => ({ certificateId, serialNo }));
}

export const newParty = (holder: HolderInput) => ({
  newParty: {
    kind: holder.kind,
    fullName: holder.fullName,
    idKind: holder.idKind,
    idNumber: holder.idNumber,
    address: holder.address,
    birthYear: holder.birthYear,
    taxId: holder.taxId,
  },
  name: holder.fullName,
});

/** A mortgage in force stops the right from passing until it is released. */
export function refuseIfMortgaged(state: RegisterState, rights: readonly OpenRight[]): void {
  const ids = new Set(rights.map((right) => right.id));
  const mortgage = state.restrictions.find((restriction) => ids.has(restriction.rightId));
  if (mortgage) {
    throw conflict(
      'parcelIds',
      `parcel id ${mortgage.parcelId} is mortgaged to ${mortgage.creditorName} (contract ${mortgage.contractNo}); register its release first`,
    );
  }
}
