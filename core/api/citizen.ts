/** GET /api/citizen/me: the signed-in citizen and the CSRF token of the citizen session. */
export interface CitizenMe {
  citizen: {
    name: string;
    /** The 12-digit personal ID number (số định danh cá nhân, CCCD). */
    idNumber: string;
    email: string | null;
  };
  csrfToken: string;
  expiresAt: string;
}

/** One dossier of the citizen in GET /api/citizen/dossiers. */
export interface CitizenDossier {
  receiptCode: string;
  procedure: { code: string; nameVi: string; nameEn: string };
  state: string;
  receivedAt: string;
  dueAt: string | null;
  completedAt: string | null;
}

/** GET /api/citizen/dossiers/{receiptCode}: the dossier, where it is, and its steps. */
export interface CitizenDossierDetail extends CitizenDossier {
  currentOffice: string;
  /** State changes in order (no notes: those are for staff). */
  steps: { at: string; state: string }[];
}
