import type pg from 'pg';
import { DiagisError } from '../../core/errors/diagis_error';
import { reviseParcel } from '../parcels/parcel_versions';
import type { CertificateRef, PartyRef, RegisterPlan } from './register_plan';

/** The dossier whose approval writes the plan, and when. */
export interface ApplyContext {
  dossierId: number;
  receiptCode: string;
  procedureCode: string;
  /** The office that issues certificates (the one approving the dossier). */
  issuingBody: string;
  at: Date;
  authorId: number | null;
}

/** How many rows of each kind the plan wrote. */
export interface AppliedCounts {
  rightsClosed: number;
  rightsOpened: number;
  certificatesIssued: number;
  certificatesCancelled: number;
  endorsements: number;
  restrictionsAdded: number;
  restrictionsClosed: number;
  parcelVersions: number;
}

/**
 * Writes `plan` inside the caller's transaction (the dossier's approval): closes and opens
 * rights, cancels and issues certificates, endorses, adds and closes restrictions and
 * writes new parcel versions, all with the dossier as their source. A row that changed
 * since the plan was made is a 409 and, the transaction being rolled back, nothing is kept.
 */
export async function applyPlan(
  client: pg.ClientBase,
  plan: RegisterPlan,
  context: ApplyContext,
): Promise<AppliedCounts> {
  const certificates = await writeCertificates(client, plan, context);
  await closeRights(client, plan, context);
  const parties = new Map<string, number>();
  for (const right of plan.openRights) {
    const partyId =
      'partyId' in right.party
        ? right.party.partyId
        : await insertParty(client, right.party, parties);
    await client.query(
      `INSERT INTO registry.parcel_right (parcel_id, party_id, right_kind, share, use_term, term_until,
         origin_of_use, certificate_id, valid, source_kind, source_ref, dossier_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, tstzrange($9, NULL), 'dossier', $10, $11)`,
      [
        right.parcelId,
        partyId,
        right.rightKind,
        right.share,
        right.useTerm,
        right.termUntil,
        right.originOfUse,
        right.certificate ? certificates(right.certificate) : null,
        context.at,
        context.receiptCode,
        context.dossierId,
      ],
    );
  }
  for (const endorsement of plan.endorsements) {
    await client.query(
      `INSERT INTO registry.certificate_endorsement (certificate_id, dossier_id, at, procedure_code, content_vi, content_en)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        certificates(endorsement.certificate),
        context.dossierId,
        context.at,
        context.procedureCode,
        endorsement.contentVi,
        endorsement.contentEn,
      ],
    );
  }
  await writeRestrictions(client, plan, context);
  for (const change of plan.landUseChanges) {
    await reviseParcel(client, {
      parcelId: change.parcelId,
      expectedVersionNo: change.expectedVersionNo,
      changes: { landUses: change.landUses },
      source: { kind: 'dossier', ref: context.receiptCode, dossierId: context.dossierId },
      reason: `${context.procedureCode}: ${change.landUses.map((use) => use.code).join(', ')}`,
      authorId: context.authorId,
      at: context.at,
    });
  }
  return {
    rightsClosed: plan.closeRights.length,
    rightsOpened: plan.openRights.length,
    certificatesIssued: plan.issueCertificates.length,
    certificatesCancelled: plan.cancelCertificates.length,
    endorsements: plan.endorsements.length,
    restrictionsAdded: plan.addRestrictions.length,
    restrictionsClosed: plan.closeRestrictions.length,
    parcelVersions: plan.landUseChanges.length,
  };
}

/** Cancels and issues the plan's certificates; returns how to find any certificate's id. */
async function writeCertificates(
  client: pg.ClientBase,
  plan: RegisterPlan,
  context: ApplyContext,
): Promise<(ref: CertificateRef) => number> {
  for (const cancel of plan.cancelCertificates) {
    const { rowCount } = await client.query(
      `UPDATE registry.certificate
       SET cancelled_on = ($2::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, cancelled_at = $2,
           cancel_reason = $3, cancelled_by_dossier_id = $4
       WHERE id = $1 AND cancelled_at IS NULL AND cancelled_on IS NULL`,
      [cancel.certificateId, context.at, cancel.reason, context.dossierId],
    );
    if (rowCount !== 1) {
      throw new DiagisError('conflict', `certificate ${cancel.serialNo} was cancelled meanwhile`, {
        field: 'certificate',
      });
    }
  }
  const issued = new Map<string, number>();
  for (const certificate of plan.issueCertificates) {
    const taken = await client.query('SELECT 1 FROM registry.certificate WHERE serial_no = $1', [
      certificate.serialNo,
    ]);
    if (taken.rowCount) {
      throw new DiagisError(
        'conflict',
        `certificate.serialNo: ${certificate.serialNo} is already the serial of another certificate`,
        { field: 'certificate.serialNo' },
      );
    }
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO registry.certificate (serial_no, register_no, issued_on, issued_at, issuing_body, issued_by_dossier_id)
       VALUES ($1, $2, ($3::timestamptz AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, $3, $4, $5) RETURNING id`,
      [
        certificate.serialNo,
        certificate.registerNo,
        context.at,
        context.issuingBody,
        context.dossierId,
      ],
    );
    issued.set(certificate.serialNo, Number(rows[0]?.id));
  }
  return (ref) => {
    if ('certificateId' in ref) return ref.certificateId;
    const id = issued.get(ref.newSerialNo);
    if (id === undefined) throw new Error(`certificate ${ref.newSerialNo} is not part of the plan`);
    return id;
  };
}

async function closeRights(
  client: pg.ClientBase,
  plan: RegisterPlan,
  context: ApplyContext,
): Promise<void> {
  if (plan.closeRights.length === 0) return;
  const ids = plan.closeRights.map((right) => right.rightId);
  const { rowCount } = await client.query(
    `UPDATE registry.parcel_right SET valid = tstzrange(lower(valid), $2), closed_by_dossier_id = $3
     WHERE id = ANY($1::bigint[]) AND upper_inf(valid)`,
    [ids, context.at, context.dossierId],
  );
  if (rowCount !== ids.length) {
    throw new DiagisError(
      'conflict',
      'a right this dossier closes was closed meanwhile by another dossier',
      {
        field: 'registerRequest',
      },
    );
  }
}

/** Writes a new party once, however many rights it opens (one key per identity). */
async function insertParty(
  client: pg.ClientBase,
  party: Extract<PartyRef, { newParty: unknown }>,
  written: Map<string, number>,
): Promise<number> {
  const p = party.newParty;
  const key = [p.kind, p.fullName, p.idKind, p.idNumber, p.address].join('|');
  const known = written.get(key);
  if (known !== undefined) return known;
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO registry.party (kind, full_name, birth_year, id_kind, id_number, address, tax_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [p.kind, p.fullName, p.birthYear ?? null, p.idKind, p.idNumber, p.address, p.taxId ?? null],
  );
  const id = Number(rows[0]?.id);
  written.set(key, id);
  return id;
}

async function writeRestrictions(
  client: pg.ClientBase,
  plan: RegisterPlan,
  context: ApplyContext,
): Promise<void> {
  for (const r of plan.addRestrictions) {
    await client.query(
      `INSERT INTO registry.restriction (right_id, parcel_id, kind, creditor_name, creditor_id_number,
         contract_no, contract_date, secured_amount, valid, dossier_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, tstzrange($9, NULL), $10)`,
      [
        r.rightId,
        r.parcelId,
        r.kind,
        r.creditorName,
        r.creditorIdNumber,
        r.contractNo,
        r.contractDate,
        r.securedAmount,
        context.at,
        context.dossierId,
      ],
    );
  }
  if (plan.closeRestrictions.length === 0) return;
  const ids = plan.closeRestrictions.map((r) => r.restrictionId);
  const { rowCount } = await client.query(
    `UPDATE registry.restriction SET valid = tstzrange(lower(valid), $2), closed_by_dossier_id = $3
     WHERE id = ANY($1::bigint[]) AND upper_inf(valid)`,
    [ids, context.at, context.dossierId],
  );
  if (rowCount !== ids.length) {
    throw new DiagisError(
      'conflict',
      'contractNo: the mortgage was released meanwhile by another dossier',
      {
        field: 'contractNo',
      },
    );
  }
}
