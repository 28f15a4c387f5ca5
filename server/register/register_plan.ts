import type { PartyInput } from './register_request_schema';

/**
 * What approving a dossier will change in the register, computed by a plain function from
 * the recorded request and the register as it stands (`plan_effect.ts`), shown as the
 * preview, and written by `apply_plan.ts` in the approval's transaction.
 */
export interface RegisterPlan {
  effect: string;
  closeRights: { rightId: number; parcelId: number; holder: string; rightKind: string }[];
  openRights: RightToOpen[];
  issueCertificates: { serialNo: string; registerNo: string }[];
  cancelCertificates: { certificateId: number; serialNo: string; reason: CancelReason }[];
  endorsements: { certificate: CertificateRef; contentVi: string; contentEn: string }[];
  addRestrictions: RestrictionToAdd[];
  closeRestrictions: { restrictionId: number; parcelId: number; contractNo: string }[];
  landUseChanges: {
    parcelId: number;
    expectedVersionNo: number;
    before: { code: string; area: number }[];
    landUses: { code: string; area: number }[];
  }[];
}

export type CancelReason = 'replaced' | 'lost' | 'transferred';

/** An existing party, or a new one written with the plan. */
export type PartyRef =
  | { partyId: number; name: string }
  | { newParty: PartyInput & { birthYear?: number | undefined }; name: string };

/** An existing certificate, or one the plan issues (by its serial). */
export type CertificateRef = { certificateId: number; serialNo: string } | { newSerialNo: string };

export interface RightToOpen {
  parcelId: number;
  party: PartyRef;
  rightKind: 'land_use' | 'lease';
  share: number;
  useTerm: string | null;
  termUntil: string | null;
  originOfUse: string | null;
  certificate: CertificateRef | null;
}

export interface RestrictionToAdd {
  rightId: number;
  parcelId: number;
  kind: 'mortgage';
  creditorName: string;
  creditorIdNumber: string | null;
  contractNo: string;
  contractDate: string;
  securedAmount: number | null;
}

export const emptyPlan = (effect: string): RegisterPlan => ({
  effect,
  closeRights: [],
  openRights: [],
  issueCertificates: [],
  cancelCertificates: [],
  endorsements: [],
  addRestrictions: [],
  closeRestrictions: [],
  landUseChanges: [],
});

export const certificateLabel = (ref: CertificateRef): string =>
  'newSerialNo' in ref ? ref.newSerialNo : ref.serialNo;
