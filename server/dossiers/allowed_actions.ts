import type pg from 'pg';
import type { AllowedAction } from '../../core/api/dossier';
import {
  type ActionInput,
  allowedTransitions,
  type WorkflowActor,
} from '../../core/dossiers/workflow';
import type { DossierRow } from './dossier_row';
import { sendTargetOffices } from './office_routing';

const fieldsOf: Record<ActionInput, string[]> = {
  none: [],
  note: ['note'],
  target_office: ['targetOfficeId'],
  assignee: ['assigneeUserId'],
  tax_notice: ['noticeNo', 'amount', 'noticeDate'],
  tax_payment: ['paymentRef', 'paidOn'],
};

async function officersOf(db: pg.Pool | pg.ClientBase, officeId: number) {
  // The officers an `assign` may name: active officers of the office that holds the dossier.
  const { rows } = await db.query<{ id: number; displayName: string }>(
    `SELECT id, display_name AS "displayName" FROM auth.app_user
     WHERE office_id = $1 AND role = 'officer' AND active ORDER BY display_name`,
    [officeId],
  );
  return rows;
}

/**
 * The actions `actor` may take on `dossier` now, computed from the workflow table, with
 * the target offices and assignees to choose from.
 */
export async function allowedActions(
  db: pg.Pool | pg.ClientBase,
  actor: WorkflowActor,
  dossier: DossierRow,
): Promise<AllowedAction[]> {
  const result: AllowedAction[] = [];
  for (const t of allowedTransitions(actor, dossier)) {
    const action: AllowedAction = { action: t.action, to: t.to, fields: fieldsOf[t.input] };
    if (t.input === 'target_office') {
      action.targets = await sendTargetOffices(
        db,
        dossier.currentOfficeKind,
        dossier.currentOfficeId,
      );
    }
    if (t.input === 'assignee') action.assignees = await officersOf(db, dossier.currentOfficeId);
    result.push(action);
  }
  return result;
}
