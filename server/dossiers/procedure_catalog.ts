import type pg from 'pg';
import type { Procedure } from '../../core/api/procedure';
import type { OfficeKind } from '../../core/dossiers/workflow';

// Every column the API shows; the procedure table is readable by the public role too.
const procedureSql = `
  SELECT code, name_vi, name_en, limit_working_days, special_limit_working_days,
         remote_extra_working_days, legal_basis,
         required_documents, receiving_office_kinds, processing_office_kind, involves_tax,
         involves_commune, changes_parcels, register_effect
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
  registerEffect: String(row.register_effect),
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
