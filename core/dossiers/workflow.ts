import type { Role } from '../auth/roles';

/** Every state a dossier can be in (the CHECK of dossier.dossier.state). */
export const dossierStates = [
  'received',
  'assigned',
  'in_progress',
  'at_other_office',
  'at_commune',
  'at_tax',
  'awaiting_payment',
  'waiting_citizen',
  'approved',
  'returned',
  'rejected',
  'withdrawn',
  'cancelled',
] as const;
export type DossierState = (typeof dossierStates)[number];

/** States after which nothing happens any more; the clock has stopped. */
export const finalStates: readonly DossierState[] = [
  'returned',
  'rejected',
  'withdrawn',
  'cancelled',
];

export type OfficeKind =
  | 'provincial_lro'
  | 'branch'
  | 'tax'
  | 'commune_committee'
  | 'department'
  | 'public_service_centre';

/** Where the dossier is after the transition. */
export type OfficeEffect =
  | 'stay'
  | 'target_office'
  | 'branch_for_commune'
  | 'processing_office'
  | 'commune_committee'
  | 'tax_office'
  | 'sending_office';

/**
 * What happens to the statutory clock: `hold` keeps a pause going (the step changes who
 * holds the dossier, the citizen's time still does not count).
 */
export type ClockEffect = 'run' | 'pause' | 'hold' | 'resume' | 'stop';

/** What the request must carry besides an optional note. */
export type ActionInput =
  | 'none'
  | 'note'
  | 'target_office'
  | 'assignee'
  | 'tax_notice'
  | 'tax_payment';

/**
 * What must have happened before a transition, for the procedures it concerns: the tax
 * payment recorded (procedures that involve the tax authority), the commune People's
 * Committee's step done (procedures that involve the commune).
 */
export type Requirement = 'tax_paid' | 'commune_confirmed';

export interface Transition {
  action: string;
  /** dossier.event.kind written by the transition. */
  eventKind: string;
  from: readonly DossierState[];
  to: DossierState;
  roles: readonly Role[];
  /** Office kinds whose staff may perform it; 'processing' = the procedure's processing office. */
  officeKinds: readonly OfficeKind[] | 'processing';
  /** True when the tax authority may perform it through the API key. */
  taxApi: boolean;
  office: OfficeEffect;
  clock: ClockEffect;
  input: ActionInput;
  /** Only for procedures that involve the tax authority. */
  needsTax: boolean;
  /** Only for procedures that involve the commune People's Committee. */
  needsCommune: boolean;
  requires: readonly Requirement[];
}

const landOffices: readonly OfficeKind[] = ['branch', 'provincial_lro'];
const staff: readonly Role[] = ['officer', 'admin'];
const open = ['received', 'assigned', 'in_progress', 'waiting_citizen'] as const;

const step = (
  action: string,
  eventKind: string,
  from: readonly DossierState[],
  to: DossierState,
  rest: Partial<Omit<Transition, 'action' | 'eventKind' | 'from' | 'to'>> = {},
): Transition => ({
  action,
  eventKind,
  from,
  to,
  roles: staff,
  officeKinds: landOffices,
  taxApi: false,
  office: 'stay',
  clock: 'run',
  input: 'none',
  needsTax: false,
  needsCommune: false,
  requires: [],
  ...rest,
});

/**
 * The workflow, as data: who may move a dossier from which states to which, where it goes
 * and what happens to the clock. Waiting for the citizen, and the whole tax leg from the
 * sending to the tax authority until the citizen's payment is recorded, pause the
 * statutory clock (Decree 151/2025/NĐ-CP, Appendix I: the limits exclude the time the land
 * user takes to fulfil financial obligations). See docs/registration.md.
 */
export const transitions: readonly Transition[] = [
  step('assign', 'assigned', ['received', 'assigned'], 'assigned', { input: 'assignee' }),
  step('assign_branch', 'assigned_to_branch', ['received', 'in_progress'], 'assigned', {
    officeKinds: ['provincial_lro'],
    office: 'branch_for_commune',
  }),
  // Decree 151/2025 art. 18(1): any receiving point in the province takes the dossier and
  // hands it to the office that processes the commune where the land lies.
  step('forward', 'forwarded', ['received'], 'received', {
    officeKinds: ['public_service_centre', 'branch'],
    office: 'processing_office',
  }),
  step('start', 'started', ['received', 'assigned'], 'in_progress'),
  step('send_to_office', 'sent_to_office', ['in_progress'], 'at_other_office', {
    office: 'target_office',
    input: 'target_office',
  }),
  step('accept', 'accepted', ['at_other_office'], 'in_progress'),
  step('send_to_commune', 'sent_to_commune', ['in_progress'], 'at_commune', {
    office: 'commune_committee',
    needsCommune: true,
  }),
  step('return_from_commune', 'returned_from_commune', ['at_commune'], 'in_progress', {
    officeKinds: ['commune_committee'],
    office: 'sending_office',
    input: 'note',
  }),
  step('send_to_tax', 'sent_to_tax', ['in_progress'], 'at_tax', {
    office: 'tax_office',
    clock: 'pause',
    needsTax: true,
  }),
  step('record_tax_notice', 'tax_notice_recorded', ['at_tax'], 'awaiting_payment', {
    officeKinds: ['tax'],
    taxApi: true,
    office: 'sending_office',
    clock: 'hold',
    input: 'tax_notice',
  }),
  step('record_tax_payment', 'tax_payment_recorded', ['awaiting_payment'], 'in_progress', {
    taxApi: true,
    clock: 'resume',
    input: 'tax_payment',
  }),
  step('request_documents', 'documents_requested', ['in_progress'], 'waiting_citizen', {
    clock: 'pause',
    input: 'note',
  }),
  step('resubmit', 'resubmitted', ['waiting_citizen'], 'in_progress', { clock: 'resume' }),
  step('approve', 'approved', ['in_progress'], 'approved', {
    officeKinds: 'processing',
    requires: ['tax_paid', 'commune_confirmed'],
  }),
  step('reject', 'rejected', [...open, 'awaiting_payment'], 'rejected', {
    clock: 'stop',
    input: 'note',
  }),
  step('return_result', 'returned', ['approved'], 'returned', { clock: 'stop' }),
  step('withdraw', 'withdrawn', [...open, 'awaiting_payment'], 'withdrawn', {
    clock: 'stop',
    input: 'note',
  }),
  step(
    'cancel',
    'cancelled',
    [...open, 'awaiting_payment', 'at_other_office', 'at_commune'],
    'cancelled',
    { roles: ['admin'], clock: 'stop', input: 'note' },
  ),
];

/** Where `send_to_office` may send a dossier, by the kind of the office that holds it. */
export const sendTargets: Readonly<Partial<Record<OfficeKind, readonly OfficeKind[]>>> = {
  branch: ['provincial_lro'],
  provincial_lro: ['branch'],
};

/** Who asks: a signed-in user, or the tax authority through its API key. */
export type WorkflowActor =
  | {
      kind: 'staff';
      userId: number;
      role: Role;
      officeId: number | null;
      officeKind: string | null;
    }
  | { kind: 'tax_api' };

/** What the rules look at in a dossier. */
export interface DossierFacts {
  state: DossierState;
  currentOfficeId: number;
  currentOfficeCode: string;
  procedureCode: string;
  processingOfficeKind: OfficeKind;
  involvesTax: boolean;
  involvesCommune: boolean;
  /** A tax payment (or the officer's record of its receipt) is on the dossier. */
  taxPaid: boolean;
  /** The commune People's Committee has returned the dossier at least once. */
  communeConfirmed: boolean;
  /** The office that processes it: the branch of its commune, or the provincial office. */
  processingOfficeId: number | null;
}

export type Verdict = { ok: true } | { ok: false; status: 403 | 409; message: string };

/** The transition named `action`, or undefined. */
export function findTransition(action: string): Transition | undefined {
  return transitions.find((t) => t.action === action);
}

function actorVerdict(t: Transition, actor: WorkflowActor, dossier: DossierFacts): Verdict {
  if (actor.kind === 'tax_api') {
    return t.taxApi
      ? { ok: true }
      : {
          ok: false,
          status: 403,
          message: `${t.action}: the tax API may only record tax notices and payments`,
        };
  }
  if (!t.roles.includes(actor.role)) {
    return {
      ok: false,
      status: 403,
      message: `${t.action}: role ${actor.role} may not perform it (allowed: ${t.roles.join(', ')})`,
    };
  }
  if (actor.role === 'admin') return { ok: true };
  if (actor.officeId !== dossier.currentOfficeId) {
    return {
      ok: false,
      status: 403,
      message: `${t.action}: the dossier is at office ${dossier.currentOfficeCode}; only that office may act on it`,
    };
  }
  const kinds: readonly string[] =
    t.officeKinds === 'processing' ? [dossier.processingOfficeKind] : t.officeKinds;
  if (actor.officeKind === null || !kinds.includes(actor.officeKind)) {
    const rule =
      t.officeKinds === 'processing'
        ? `procedure ${dossier.procedureCode} is processed by a ${dossier.processingOfficeKind} office`
        : `only ${kinds.join(' or ')} offices may`;
    return {
      ok: false,
      status: 403,
      message: `${t.action}: ${rule}; your office is a ${actor.officeKind ?? 'no'} office`,
    };
  }
  return { ok: true };
}

/**
 * Decides whether `actor` may perform `t` on `dossier` now: 403 when the role or office
 * may not (checked first), 409 when the dossier is in the wrong state for it.
 */
export function checkTransition(
  t: Transition,
  actor: WorkflowActor,
  dossier: DossierFacts,
): Verdict {
  const byActor = actorVerdict(t, actor, dossier);
  if (!byActor.ok) return byActor;
  if (!t.from.includes(dossier.state)) {
    return {
      ok: false,
      status: 409,
      message: `${t.action}: not allowed while the dossier is ${dossier.state} (only from ${t.from.join(', ')})`,
    };
  }
  if (t.needsTax && !dossier.involvesTax) {
    return {
      ok: false,
      status: 409,
      message: `${t.action}: procedure ${dossier.procedureCode} does not involve the tax authority`,
    };
  }
  if (t.needsCommune && !dossier.involvesCommune) {
    return {
      ok: false,
      status: 409,
      message: `${t.action}: procedure ${dossier.procedureCode} does not involve the commune People's Committee`,
    };
  }
  if (t.requires.includes('tax_paid') && dossier.involvesTax && !dossier.taxPaid) {
    return {
      ok: false,
      status: 409,
      message: `${t.action}: procedure ${dossier.procedureCode} involves the tax authority; the payment of its tax notice must be recorded first (send_to_tax, record_tax_notice, record_tax_payment)`,
    };
  }
  if (
    t.requires.includes('commune_confirmed') &&
    dossier.involvesCommune &&
    !dossier.communeConfirmed
  ) {
    return {
      ok: false,
      status: 409,
      message: `${t.action}: procedure ${dossier.procedureCode} involves the commune People's Committee; send the dossier there and have it returned first (send_to_commune, return_from_commune)`,
    };
  }
  if (t.office === 'processing_office' && dossier.processingOfficeId === dossier.currentOfficeId) {
    return {
      ok: false,
      status: 409,
      message: `${t.action}: the dossier is already at its processing office ${dossier.currentOfficeCode}`,
    };
  }
  return { ok: true };
}

/** The transitions `actor` may perform on `dossier` now, in table order. */
export function allowedTransitions(actor: WorkflowActor, dossier: DossierFacts): Transition[] {
  return transitions.filter((t) => checkTransition(t, actor, dossier).ok);
}
