/**
 * The shapes of the register API: a dossier's recorded register request and the preview
 * of what its approval changes (server/register), and a parcel's register as of a day;
 * built by the server, read by the inbox and the map's info panel. Staff only: they name people.
 */
import type { IdKind } from '../registry/id_numbers';

/** A party the plan writes as new (a recipient, holder or lessee named in the request). */
export interface NewParty {
  kind: 'person' | 'household' | 'organisation';
  fullName: string;
  idKind: IdKind;
  idNumber: string;
  address: string;
  birthYear?: number | undefined;
  taxId?: string | undefined;
}

export type CancelReason = 'replaced' | 'lost' | 'transferred';

/** An existing party, or a new one written with the plan. */
export type PartyRef = { partyId: number; name: string } | { newParty: NewParty; name: string };

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

/**
 * What approving a dossier will change in the register, computed by a plain function from
 * the recorded request and the register as it stands (`server/register/plan_effect.ts`),
 * shown as the preview, and written by `apply_plan.ts` in the approval's transaction.
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

/** GET /api/dossiers/{id}/register-preview: `effect: "none"` and no plan when nothing changes. */
export interface RegisterPreview {
  effect: string;
  plan: RegisterPlan | null;
}

/** GET /api/dossiers/{id}/register-request: the effect's data and the rights it was checked against. */
export interface RecordedRegisterRequest {
  effect: string;
  body: Record<string, unknown>;
  seenRightIds: number[];
  recordedAt: Date;
}

/** PUT /api/dossiers/{id}/register-request: the request recorded, with the preview it gives now. */
export interface RecordedRegisterRequestAnswer extends RecordedRegisterRequest {
  preview: RegisterPreview;
}

/**
 * GET /api/parcels/{id}/register: the register of one parcel at an instant (LADM "as of"):
 * the rights, restrictions and certificates in force then, each certificate with the
 * endorsements written on it by then.
 */
export interface ParcelRegister {
  parcelId: number;
  at: string;
  rights: {
    id: number;
    holder: { partyId: number; name: string; kind: string };
    rightKind: string;
    share: number;
    useTerm: string | null;
    termUntil: string | null;
    originOfUse: string | null;
    certificateSerial: string | null;
    validFrom: string;
    validTo: string | null;
    source: { kind: string; ref: string | null; dossierId: number | null };
  }[];
  restrictions: {
    id: number;
    rightId: number;
    kind: string;
    creditorName: string;
    contractNo: string;
    contractDate: string;
    securedAmount: number | null;
    validFrom: string;
    dossierId: number;
  }[];
  certificates: {
    id: number;
    serialNo: string;
    registerNo: string | null;
    issuedOn: string | null;
    issuingBody: string | null;
    endorsements: {
      at: string;
      procedureCode: string;
      contentVi: string;
      contentEn: string;
      dossierId: number;
    }[];
  }[];
}
