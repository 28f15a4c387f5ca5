import type pg from 'pg';
import type { OfficeKind } from '../../core/dossiers/workflow';

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
  requiredDocuments: string[];
  route: {
    receivingOfficeKinds: OfficeKind[];
    processingOfficeKind: OfficeKind;
    involvesTax: boolean;
    involvesCommune: boolean;
  };
  changesParcels: boolean;
}

// Every column the API shows; the procedure table is readable by the public role too.
const procedureSql = `
  SELECT code, name_vi, name_en, limit_working_days, special_limit_working_days,
         remote_extra_working_days, legal_basis,
         required_documents, receiving_office_kinds, processing_office_kind, involves_tax,
         involves_commune, changes_parcels
  FROM dossier.procedure
  WHERE active AND ($1::text IS NULL OR code = $1)
  ORDER BY limit_working_days DESC, code`;

const toProcedure = (row: Record<string, unknown>): Procedure => ({
  code: String(row.code),
  nameVi: String(row.name_vi),
  nameEn: String(row.name_en),
  limitWorkingDays: Number(row.limit_working_days),
  specialLimitWorkingDays:
    row.special_limit_working_days === null ? null : Number(row.special_limit_working_days),
  remoteExtraWorkingDays: Number(row.remote_extra_working_days),
  legalBasis: String(row.legal_basis),
  requiredDocuments: row.required_documents as string[],
  route: {
    receivingOfficeKinds: row.receiving_office_kinds as OfficeKind[],
    processingOfficeKind: row.processing_office_kind as OfficeKind,
    involvesTax: Boolean(row.involves_tax),
    involvesCommune: Boolean(row.involves_commune),
  },
  changesParcels: Boolean(row.changes_parcels),
});

/** The active procedures, longest limit first. */
export async function listProcedures(db: pg.Pool | pg.ClientBase): Promise<Procedure[]> {
  const { rows } = await db.query(procedureSql, [null]);
  return rows.map(toProcedure);
}

/** One active procedure, or undefined. */
export async function findProcedure(
  db: pg.Pool | pg.ClientBase,
  code: string,
): Promise<Procedure | undefined> {
  const { rows } = await db.query(procedureSql, [code]);
  return rows[0] ? toProcedure(rows[0]) : undefined;
}
