import type pg from 'pg';
import type { ParcelRegister } from '../../core/api/register';

export type { ParcelRegister } from '../../core/api/register';

const rightsSql = `
  SELECT r.id, r.party_id, p.full_name, p.kind, r.right_kind, r.share, r.use_term, r.term_until::text,
         r.origin_of_use, c.serial_no, lower(r.valid) AS valid_from, upper(r.valid) AS valid_to,
         r.source_kind, r.source_ref, r.dossier_id, r.certificate_id
  FROM registry.parcel_right r
  JOIN registry.party p ON p.id = r.party_id
  LEFT JOIN registry.certificate c ON c.id = r.certificate_id
  WHERE r.parcel_id = $1 AND r.valid @> $2::timestamptz
  ORDER BY r.right_kind, r.id`;

const restrictionsSql = `
  SELECT id, right_id, kind, creditor_name, contract_no, contract_date::text, secured_amount,
         lower(valid) AS valid_from, dossier_id
  FROM registry.restriction
  WHERE parcel_id = $1 AND valid @> $2::timestamptz
  ORDER BY id`;

// Certificates of the rights in force at the instant, if not cancelled by then.
const certificatesSql = `
  SELECT c.id, c.serial_no, c.register_no, c.issued_on::text, c.issuing_body,
         coalesce((SELECT jsonb_agg(jsonb_build_object('at', e.at, 'procedureCode', e.procedure_code,
                     'contentVi', e.content_vi, 'contentEn', e.content_en, 'dossierId', e.dossier_id) ORDER BY e.at, e.id)
                   FROM registry.certificate_endorsement e
                   WHERE e.certificate_id = c.id AND e.at <= $2::timestamptz), '[]') AS endorsements
  FROM registry.certificate c
  WHERE c.id = ANY($1::bigint[])
    AND (c.cancelled_at IS NULL OR c.cancelled_at > $2::timestamptz)
  ORDER BY c.id`;

/**
 * The register of parcel `parcelId` at instant `at`: the rights, restrictions and
 * certificates in force then, each certificate with its endorsements by then. Staff only.
 */
export async function parcelRegisterAt(
  db: pg.Pool | pg.ClientBase,
  parcelId: number,
  at: Date,
): Promise<ParcelRegister> {
  const rights = (await db.query(rightsSql, [parcelId, at])).rows;
  const restrictions = (await db.query(restrictionsSql, [parcelId, at])).rows;
  const certificateIds = [
    ...new Set(rights.map((r) => r.certificate_id).filter((id) => id !== null)),
  ];
  const certificates = (await db.query(certificatesSql, [certificateIds, at])).rows;
  return {
    parcelId,
    at: at.toISOString(),
    rights: rights.map((r) => ({
      id: Number(r.id),
      holder: { partyId: Number(r.party_id), name: r.full_name, kind: r.kind },
      rightKind: r.right_kind,
      share: Number(r.share),
      useTerm: r.use_term,
      termUntil: r.term_until,
      originOfUse: r.origin_of_use,
      certificateSerial: r.serial_no,
      validFrom: (r.valid_from as Date).toISOString(),
      validTo: r.valid_to ? (r.valid_to as Date).toISOString() : null,
      source: {
        kind: r.source_kind,
        ref: r.source_ref,
        dossierId: r.dossier_id === null ? null : Number(r.dossier_id),
      },
    })),
    restrictions: restrictions.map((r) => ({
      id: Number(r.id),
      rightId: Number(r.right_id),
      kind: r.kind,
      creditorName: r.creditor_name,
      contractNo: r.contract_no,
      contractDate: r.contract_date,
      securedAmount: r.secured_amount === null ? null : Number(r.secured_amount),
      validFrom: (r.valid_from as Date).toISOString(),
      dossierId: Number(r.dossier_id),
    })),
    certificates: certificates.map((c) => ({
      id: Number(c.id),
      serialNo: c.serial_no,
      registerNo: c.register_no,
      issuedOn: c.issued_on,
      issuingBody: c.issuing_body,
      endorsements: (c.endorsements as ParcelRegister['certificates'][number]['endorsements']).map(
        (e) => ({ ...e, at: new Date(e.at).toISOString(), dossierId: Number(e.dossierId) }),
      ),
    })),
  };
}
