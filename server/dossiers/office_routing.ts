import type pg from 'pg';
import { type OfficeEffect, type OfficeKind, sendTargets } from '../../core/dossiers/workflow';
import { HttpError, invalidField } from '../http/http_error';
import type { DossierRow } from './dossier_row';

interface OfficeRef {
  id: number;
  code: string;
  kind: OfficeKind;
}

async function officeById(client: pg.ClientBase, id: number): Promise<OfficeRef | undefined> {
  const { rows } = await client.query<OfficeRef>(
    'SELECT id, code, kind FROM org.office WHERE id = $1 AND active',
    [id],
  );
  return rows[0];
}

/** The target of `send_to_office`: an active office of a kind the current office may send to. */
async function targetOffice(
  client: pg.ClientBase,
  dossier: DossierRow,
  targetOfficeId: number | undefined,
): Promise<number> {
  if (targetOfficeId === undefined) throw invalidField('targetOfficeId', 'is required');
  const allowed = sendTargets[dossier.currentOfficeKind] ?? [];
  const target = await officeById(client, targetOfficeId);
  if (!target) {
    throw invalidField('targetOfficeId', `office ${targetOfficeId} does not exist or is inactive`);
  }
  if (target.id === dossier.currentOfficeId || !allowed.includes(target.kind)) {
    throw invalidField(
      'targetOfficeId',
      `office ${target.code} is a ${target.kind} office; from a ${dossier.currentOfficeKind} office a dossier may go to ${allowed.join(' or ') || 'no other office'}`,
    );
  }
  return target.id;
}

/**
 * The active office of `kind` whose jurisdiction (legacy communes included) covers the
 * dossier's commune; 409 naming `action` when the dossier has no commune or no such office
 * serves it. Jurisdictions partition the communes: the lowest id wins if an overlap slips in.
 */
async function officeServingCommune(
  client: pg.ClientBase,
  dossier: DossierRow,
  kind: 'branch' | 'commune_committee',
  action: string,
  officeName: string,
): Promise<number> {
  if (dossier.communeId === null) {
    throw new HttpError(409, `${action}: dossier ${dossier.receiptCode} has no commune`);
  }
  const { rows } = await client.query<{ id: number }>(
    `SELECT o.id FROM org.office o
     WHERE o.kind = $2 AND o.active AND $1 IN (SELECT org.office_commune_ids(o.id))
     ORDER BY o.id LIMIT 1`,
    [dossier.communeId, kind],
  );
  const id = rows[0]?.id;
  if (id === undefined) {
    throw new HttpError(
      409,
      `${action}: no active ${officeName} serves commune ${dossier.communeId} (org.office_jurisdiction)`,
    );
  }
  return id;
}

/**
 * The office that processes the dossier: the branch serving its commune, or the provincial
 * office for procedures it processes (read with the dossier, see dossier_row.ts).
 */
function processingOffice(dossier: DossierRow): number {
  if (dossier.processingOfficeId === null) {
    throw new HttpError(
      409,
      `forward: no active ${dossier.processingOfficeKind} office processes commune ${dossier.communeId} (org.office_jurisdiction)`,
    );
  }
  return dossier.processingOfficeId;
}

async function taxOffice(client: pg.ClientBase): Promise<number> {
  // One tax office serves the province; the lowest id wins if several are active.
  const { rows } = await client.query<{ id: number }>(
    "SELECT id FROM org.office WHERE kind = 'tax' AND active ORDER BY id LIMIT 1",
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new HttpError(409, 'send_to_tax: no active tax office is configured');
  return id;
}

/**
 * The office that sent the dossier to where it is now (the tax authority, the commune
 * People's Committee): it gets it back.
 */
async function sendingOffice(client: pg.ClientBase, dossier: DossierRow): Promise<number> {
  // The latest move into the current state names the sender; demo data record it the same way.
  const { rows } = await client.query<{ from_office_id: number }>(
    `SELECT from_office_id FROM dossier.event
     WHERE dossier_id = $1 AND to_state = $2 AND from_office_id IS NOT NULL
     ORDER BY at DESC, id DESC LIMIT 1`,
    [dossier.id, dossier.state],
  );
  return rows[0]?.from_office_id ?? dossier.receivingOfficeId;
}

/** Where the dossier goes for a transition with `effect`; validates the requested target. */
export async function nextOffice(
  client: pg.ClientBase,
  effect: OfficeEffect,
  dossier: DossierRow,
  targetOfficeId: number | undefined,
): Promise<number> {
  switch (effect) {
    case 'stay':
      return dossier.currentOfficeId;
    case 'target_office':
      return targetOffice(client, dossier, targetOfficeId);
    case 'branch_for_commune':
      return officeServingCommune(client, dossier, 'branch', 'assign_branch', 'branch');
    case 'processing_office':
      return processingOffice(dossier);
    case 'commune_committee':
      return officeServingCommune(
        client,
        dossier,
        'commune_committee',
        'send_to_commune',
        "commune People's Committee office",
      );
    case 'tax_office':
      return taxOffice(client);
    case 'sending_office':
      return sendingOffice(client, dossier);
  }
}

/** The offices `send_to_office` may target from an office of `kind` (for the UI). */
export async function sendTargetOffices(
  db: pg.Pool | pg.ClientBase,
  kind: OfficeKind,
  exceptOfficeId: number,
): Promise<{ id: number; code: string; name: string; kind: string }[]> {
  // Kinds come from the workflow table, never from the request.
  const { rows } = await db.query(
    `SELECT id, code, name, kind FROM org.office
     WHERE active AND kind = ANY($1::text[]) AND id <> $2 ORDER BY kind, code`,
    [[...(sendTargets[kind] ?? [])], exceptOfficeId],
  );
  return rows;
}
