import type { CertificateRef, RegisterPlan } from '../../core/api/register';

// The plan's shapes are the preview's answer too, so they live with the API shapes.
export type {
  CancelReason,
  CertificateRef,
  PartyRef,
  RegisterPlan,
  RestrictionToAdd,
  RightToOpen,
} from '../../core/api/register';

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
