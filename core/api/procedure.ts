/** The procedure catalogue's shape (GET /api/procedures), built by the server, read by the inbox and the portal. */
import type { OfficeKind } from '../dossiers/workflow';

/** A registration procedure as the public and the workflow see it. */
export interface Procedure {
  code: string;
  nameVi: string;
  nameEn: string;
  /** Statutory limit in working days (tax payment and public posting excluded). */
  limitWorkingDays: number;
  specialLimitWorkingDays: number | null;
  /** Added in communes marked remote or difficult (admin.unit.remote_area). */
  remoteExtraWorkingDays: number;
  legalBasis: string;
  /** The document checklist: what the applicant hands in (an attachment's `documentKind`). */
  requiredDocuments: string[];
  route: {
    receivingOfficeKinds: OfficeKind[];
    processingOfficeKind: OfficeKind;
    involvesTax: boolean;
    involvesCommune: boolean;
  };
  changesParcels: boolean;
  /**
   * What approval changes in the register (`transfer`, `mortgage`, …; `none` when
   * nothing): the register data the dossier needs (PUT /api/dossiers/{id}/register-request).
   */
  registerEffect: string;
}
