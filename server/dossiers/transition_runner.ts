import type pg from 'pg';
import {
  checkTransition,
  finalStates,
  findTransition,
  type Transition,
  type WorkflowActor,
} from '../../core/dossiers/workflow';
import { HttpError, invalidField } from '../http/http_error';
import { queueResultReadyMail, queueSupplementAskedMail } from '../notifications/dossier_mails';
import { applyPendingEdits, discardPendingEdits } from '../parcels/editing/pending_edits';
import { applyRegisterEffect } from '../register/register_effect';
import type { ActionRequest } from './action_input';
import { applyClock } from './dossier_clock';
import { type DossierRow, loadDossier } from './dossier_row';
import { loadHolidaySet } from './holiday_store';
import { nextOffice } from './office_routing';

/** What one transition changed. */
export interface TransitionResult {
  eventId: number;
  dossier: DossierRow;
}

/** The user the dossier is assigned to after `t`; validates a requested assignee. */
async function nextAssignee(
  client: pg.ClientBase,
  t: Transition,
  dossier: DossierRow,
  actor: WorkflowActor,
  request: ActionRequest,
): Promise<number | null> {
  const actorId = actor.kind === 'staff' ? actor.userId : null;
  // A dossier handed to another land office waits there for one of its officers; the tax
  // office gives it back to the same officer.
  if (
    t.office === 'target_office' ||
    t.office === 'branch_for_commune' ||
    t.office === 'processing_office'
  ) {
    return null;
  }
  if (t.action === 'start') return dossier.assignedUserId ?? actorId;
  if (t.action !== 'assign') return dossier.assignedUserId;
  const assignee = request.assigneeUserId ?? actorId;
  if (assignee === null) throw invalidField('assigneeUserId', 'is required');
  // Only an active officer of the office that holds the dossier can be given it.
  const { rowCount } = await client.query(
    `SELECT 1 FROM auth.app_user WHERE id = $1 AND active AND role = 'officer' AND office_id = $2`,
    [assignee, dossier.currentOfficeId],
  );
  if (rowCount !== 1) {
    throw invalidField(
      'assigneeUserId',
      `user ${assignee} is not an active officer of office ${dossier.currentOfficeCode}`,
    );
  }
  return assignee;
}

// The event row: who, when, from which office and state to which, and why.
const insertEvent = `
  INSERT INTO dossier.event (dossier_id, at, actor_user_id, kind, from_state, to_state, from_office_id,
                             to_office_id, note, data)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`;

// Only the workflow writes these columns; the request never names them.
const updateDossier = `
  UPDATE dossier.dossier
  SET state = $2, current_office_id = $3, assigned_user_id = $4, due_at = $5, paused_since = $6,
      completed_at = $7
  WHERE id = $1`;

/**
 * Performs workflow `action` on dossier `dossierId` inside the caller's transaction: checks
 * role, office and state (403/409 with the rule, nothing changed), moves the dossier and
 * its clock, and appends the event. The caller has already decided the actor may see it.
 */
export async function runTransition(
  client: pg.ClientBase,
  args: {
    dossierId: number;
    action: string;
    actor: WorkflowActor;
    request: ActionRequest;
    now: Date;
  },
): Promise<TransitionResult> {
  const t = findTransition(args.action);
  if (!t) throw new HttpError(404, `action ${args.action} does not exist`, 'action');
  const dossier = await loadDossier(client, args.dossierId, true);
  if (!dossier) throw new HttpError(404, `dossier ${args.dossierId} does not exist`);
  const verdict = checkTransition(t, args.actor, dossier);
  if (!verdict.ok) throw new HttpError(verdict.status, verdict.message, 'action');

  const officeId = await nextOffice(client, t.office, dossier, args.request.targetOfficeId);
  const assignee = await nextAssignee(client, t, dossier, args.actor, args.request);
  const holidays = await loadHolidaySet(client);
  const clock = applyClock(t.clock, dossier, args.now, holidays);
  await client.query(updateDossier, [
    dossier.id,
    t.to,
    officeId,
    assignee,
    clock.dueAt,
    clock.pausedSince,
    clock.completedAt,
  ]);

  const notice = args.request.taxNotice;
  const payment = args.request.taxPayment;
  const data = {
    ...(args.actor.kind === 'tax_api' ? { channel: 'tax_api' } : {}),
    ...(notice
      ? { noticeNo: notice.noticeNo, amount: notice.amount, noticeDate: notice.noticeDate }
      : {}),
    ...(payment
      ? { paymentRef: payment.paymentRef, paidOn: payment.paidOn, amount: payment.amount ?? null }
      : {}),
    ...(clock.pausedWorkingDays > 0
      ? {
          pausedWorkingDays: clock.pausedWorkingDays,
          dueAtBefore: dossier.dueAt,
          dueAtAfter: clock.dueAt,
        }
      : {}),
  };
  const actorId = args.actor.kind === 'staff' ? args.actor.userId : null;
  const { rows } = await client.query<{ id: string }>(insertEvent, [
    dossier.id,
    args.now,
    actorId,
    t.eventKind,
    dossier.state,
    t.to,
    dossier.currentOfficeId,
    officeId,
    args.request.note ?? null,
    data,
  ]);
  if (notice) {
    // The notice number is unique per dossier: a repeated POST fails instead of doubling it.
    await client.query(
      `INSERT INTO dossier.tax_notice (dossier_id, notice_no, amount, notice_date, recorded_at, recorded_by, channel)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        dossier.id,
        notice.noticeNo,
        notice.amount,
        notice.noticeDate,
        args.now,
        actorId,
        args.actor.kind === 'tax_api' ? 'tax_api' : 'staff',
      ],
    );
  }
  if (payment) {
    // One reference per dossier: a repeated confirmation fails instead of doubling it.
    await client.query(
      `INSERT INTO dossier.tax_payment (dossier_id, payment_ref, paid_on, amount, recorded_at, recorded_by, channel)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        dossier.id,
        payment.paymentRef,
        payment.paidOn,
        payment.amount ?? null,
        args.now,
        actorId,
        args.actor.kind === 'tax_api' ? 'tax_api' : 'staff',
      ],
    );
  }
  // Parcel edits made for the dossier become current with its approval, or are dropped.
  // The register changes of the procedure (rights, certificates, mortgages) are written in
  // the same transaction: all of the approval or none of it.
  if (t.to === 'approved') {
    await applyPendingEdits(client, { dossierId: dossier.id, at: args.now, authorId: actorId });
    const applied = await applyRegisterEffect(client, {
      dossierId: dossier.id,
      at: args.now,
      authorId: actorId,
    });
    if (applied) {
      await client.query(insertEvent, [
        dossier.id,
        args.now,
        actorId,
        'register_changed',
        t.to,
        t.to,
        officeId,
        officeId,
        null,
        applied,
      ]);
    }
  } else if (finalStates.includes(t.to)) {
    await discardPendingEdits(client, { dossierId: dossier.id, at: args.now });
  }
  // The applicant hears of a supplement asked and of the result, by mail after the commit.
  if (t.to === 'waiting_citizen') {
    await queueSupplementAskedMail(client, dossier.id, args.request.note ?? null);
  } else if (t.to === 'returned') {
    await queueResultReadyMail(client, dossier.id);
  }
  const after = await loadDossier(client, dossier.id);
  if (!after) throw new Error(`dossier ${dossier.id} vanished inside its transaction`);
  return { eventId: Number(rows[0]?.id), dossier: after };
}
