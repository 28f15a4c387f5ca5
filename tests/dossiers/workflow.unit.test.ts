import { describe, expect, it } from 'vitest';
import {
  allowedTransitions,
  checkTransition,
  type DossierFacts,
  type DossierState,
  dossierStates,
  finalStates,
  findTransition,
  transitions,
  type WorkflowActor,
} from '../../core/dossiers/workflow';
import type { Principal } from '../../server/auth/principal';
import { dossierScope, scopeCovers } from '../../server/dossiers/dossier_access';

const branch1 = { id: 3, kind: 'branch' };
const province = { id: 2, kind: 'provincial_lro' };
type StaffActor = Extract<WorkflowActor, { kind: 'staff' }>;
const officer = (office: { id: number; kind: string }): StaffActor => ({
  kind: 'staff',
  userId: 10,
  role: 'officer',
  officeId: office.id,
  officeKind: office.kind,
});
const transferAtBranch1 = (state: DossierFacts['state']): DossierFacts => ({
  state,
  currentOfficeId: branch1.id,
  currentOfficeCode: 'CN-SOCTRANG',
  procedureCode: 'transfer',
  processingOfficeKind: 'branch',
  involvesTax: true,
  involvesCommune: false,
  taxPaid: false,
  communeConfirmed: false,
  processingOfficeId: branch1.id,
});
const transition = (action: string) => {
  const t = findTransition(action);
  if (!t) throw new Error(`no transition ${action}`);
  return t;
};

describe('the workflow table', () => {
  it('follows the procedure rules: approval after processing, the tax leg, hand-overs, the ways out', () => {
    // Each rule is stated from the procedure (DOMAIN notes, FAO SOLA's shape), not copied
    // from the table, and checked against what the table allows.
    const leaving = (state: DossierState) => transitions.filter((t) => t.from.includes(state));
    const entering = (state: DossierState) => transitions.filter((t) => t.to === state);
    // Approval only of a dossier being processed; the result only after approval.
    expect(entering('approved').flatMap((t) => t.from)).toEqual(['in_progress']);
    expect(leaving('approved').map((t) => t.to)).toEqual(['returned']);
    // The tax authority holds the dossier between sending and the recorded notice, on its
    // own office, with the statutory clock paused; the notice sends it back to wait for the
    // citizen's payment with the clock still paused (Decree 151/2025: the time for financial
    // obligations does not count), and the recorded payment resumes it.
    expect(entering('at_tax').map((t) => [t.office, t.clock])).toEqual([['tax_office', 'pause']]);
    expect(leaving('at_tax').map((t) => [t.to, t.office, t.clock])).toEqual([
      ['awaiting_payment', 'sending_office', 'hold'],
    ]);
    expect(
      leaving('awaiting_payment')
        .filter((t) => !finalStates.includes(t.to))
        .map((t) => [t.action, t.to, t.office, t.clock, t.taxApi]),
    ).toEqual([['record_tax_payment', 'in_progress', 'stay', 'resume', true]]);
    // The commune People's Committee gets the dossier and gives it back to the sender; the
    // clock runs (its step is part of the limit).
    expect(entering('at_commune').map((t) => [t.office, t.clock])).toEqual([
      ['commune_committee', 'run'],
    ]);
    expect(
      leaving('at_commune')
        .filter((t) => !finalStates.includes(t.to))
        .map((t) => [t.to, t.office, t.clock, t.officeKinds]),
    ).toEqual([['in_progress', 'sending_office', 'run', ['commune_committee']]]);
    // A request for documents waits on the citizen, clock paused, until resubmission.
    expect(entering('waiting_citizen').map((t) => t.clock)).toEqual(['pause']);
    expect(leaving('waiting_citizen').filter((t) => !finalStates.includes(t.to))).toEqual([
      expect.objectContaining({ to: 'in_progress', clock: 'resume' }),
    ]);
    // A hand-over to another office moves the dossier there and is accepted or cancelled.
    expect(entering('at_other_office').map((t) => t.office)).toEqual(['target_office']);
    expect(
      leaving('at_other_office')
        .map((t) => t.to)
        .sort(),
    ).toEqual(['cancelled', 'in_progress']);
    // The citizen may withdraw and the office may reject at any open step before approval,
    // except while the tax authority, the commune or another office holds the dossier.
    for (const way of ['withdraw', 'reject']) {
      expect(findTransition(way)?.from.slice().sort()).toEqual(
        ['assigned', 'awaiting_payment', 'in_progress', 'received', 'waiting_citizen'].sort(),
      );
    }
    // Assignment within a branch or to the commune's branch keeps the clock running.
    for (const action of ['assign', 'assign_branch', 'start', 'accept']) {
      expect(findTransition(action)?.clock).toBe('run');
    }
  });

  it('uses only known states, never leaves a final state, and stops the clock on entering one', () => {
    for (const t of transitions) {
      expect(dossierStates).toContain(t.to);
      for (const from of t.from) {
        expect(dossierStates).toContain(from);
        expect(finalStates).not.toContain(from);
      }
      expect(finalStates.includes(t.to)).toBe(t.clock === 'stop');
    }
  });

  it('reaches every state from received, and every open state has a way out', () => {
    const reached = new Set<string>(['received']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of transitions) {
        if (t.from.some((s) => reached.has(s)) && !reached.has(t.to)) {
          reached.add(t.to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...dossierStates].sort());
    for (const state of dossierStates.filter((s) => !finalStates.includes(s))) {
      expect(transitions.some((t) => t.from.includes(state))).toBe(true);
    }
  });

  it('pauses the clock exactly for the tax leg up to the payment and for the citizen', () => {
    const pausing = transitions.filter((t) => t.clock === 'pause').map((t) => t.to);
    expect(pausing.sort()).toEqual(['at_tax', 'waiting_citizen']);
    // A hold only continues a pause: it starts from a paused state and enters one.
    const held = transitions.filter((t) => t.clock === 'hold');
    for (const t of held) expect(t.from.every((s) => pausing.includes(s))).toBe(true);
    const paused = [...pausing, ...held.map((t) => t.to)];
    expect(paused.sort()).toEqual(['at_tax', 'awaiting_payment', 'waiting_citizen']);
    for (const t of transitions.filter((t) => t.clock === 'resume')) {
      expect(t.from.every((s) => paused.includes(s))).toBe(true);
    }
  });
});

describe('who may perform a transition', () => {
  it('refuses approving a received dossier with 409 naming the action and the state', () => {
    const verdict = checkTransition(
      transition('approve'),
      officer(branch1),
      transferAtBranch1('received'),
    );
    expect(verdict).toEqual({
      ok: false,
      status: 409,
      message: 'approve: not allowed while the dossier is received (only from in_progress)',
    });
  });

  it("lets only the procedure's processing office kind approve (403 otherwise)", () => {
    const atProvince = {
      ...transferAtBranch1('in_progress'),
      currentOfficeId: province.id,
      currentOfficeCode: 'VPDK',
    };
    const byProvince = checkTransition(transition('approve'), officer(province), atProvince);
    expect(byProvince).toMatchObject({ ok: false, status: 403 });
    expect(byProvince.ok || byProvince.message).toMatch(
      /^approve: procedure transfer is processed by a branch office; your office is a provincial_lro office$/,
    );
    const provincialProcedure = {
      ...transferAtBranch1('in_progress'),
      processingOfficeKind: 'provincial_lro' as const,
    };
    const byBranch = checkTransition(transition('approve'), officer(branch1), provincialProcedure);
    expect(byBranch).toMatchObject({ ok: false, status: 403 });
    const paid = { ...transferAtBranch1('in_progress'), taxPaid: true };
    expect(checkTransition(transition('approve'), officer(branch1), paid)).toEqual({ ok: true });
  });

  it("refuses another office's officer with 403 naming the office; admin may act anywhere", () => {
    const verdict = checkTransition(
      transition('start'),
      officer(province),
      transferAtBranch1('received'),
    );
    expect(verdict).toEqual({
      ok: false,
      status: 403,
      message: 'start: the dossier is at office CN-SOCTRANG; only that office may act on it',
    });
    const admin: WorkflowActor = { ...officer({ id: 1, kind: 'department' }), role: 'admin' };
    expect(checkTransition(transition('start'), admin, transferAtBranch1('received'))).toEqual({
      ok: true,
    });
    expect(
      checkTransition(transition('start'), admin, transferAtBranch1('approved')),
    ).toMatchObject({ ok: false, status: 409 });
  });

  it('checks the role first: surveyors and viewers may not act; only admins cancel', () => {
    const surveyor: WorkflowActor = { ...officer(branch1), role: 'surveyor' };
    expect(
      checkTransition(transition('start'), surveyor, transferAtBranch1('received')),
    ).toMatchObject({ status: 403, message: expect.stringMatching(/^start: role surveyor/) });
    expect(
      checkTransition(transition('cancel'), officer(branch1), transferAtBranch1('received')),
    ).toMatchObject({ status: 403 });
  });

  it('lets the tax API record the notice and the payment and nothing else', () => {
    const tax: WorkflowActor = { kind: 'tax_api' };
    const atTax = { ...transferAtBranch1('at_tax'), currentOfficeId: 9, currentOfficeCode: 'THUE' };
    expect(checkTransition(transition('record_tax_notice'), tax, atTax)).toEqual({ ok: true });
    expect(
      checkTransition(transition('record_tax_payment'), tax, transferAtBranch1('awaiting_payment')),
    ).toEqual({ ok: true });
    expect(checkTransition(transition('approve'), tax, atTax)).toMatchObject({ status: 403 });
    expect(
      checkTransition(transition('record_tax_notice'), officer(branch1), {
        ...transferAtBranch1('at_tax'),
      }),
    ).toMatchObject({ status: 403 });
  });

  it('sends to tax only procedures that involve it', () => {
    const lease = {
      ...transferAtBranch1('in_progress'),
      procedureCode: 'lease',
      involvesTax: false,
    };
    expect(checkTransition(transition('send_to_tax'), officer(branch1), lease)).toEqual({
      ok: false,
      status: 409,
      message: 'send_to_tax: procedure lease does not involve the tax authority',
    });
  });

  it('offers a branch officer the actions of an in-progress transfer it holds', () => {
    const offered = allowedTransitions(officer(branch1), transferAtBranch1('in_progress')).map(
      (t) => t.action,
    );
    // No approval before the tax payment is on record.
    expect(offered).toEqual([
      'send_to_office',
      'send_to_tax',
      'request_documents',
      'reject',
      'withdraw',
    ]);
    const paid = { ...transferAtBranch1('in_progress'), taxPaid: true };
    expect(allowedTransitions(officer(branch1), paid).map((t) => t.action)).toContain('approve');
    expect(allowedTransitions(officer(province), transferAtBranch1('in_progress'))).toEqual([]);
  });

  it('refuses approving a tax procedure before the payment with 409 naming the steps', () => {
    expect(
      checkTransition(transition('approve'), officer(branch1), transferAtBranch1('in_progress')),
    ).toEqual({
      ok: false,
      status: 409,
      message:
        'approve: procedure transfer involves the tax authority; the payment of its tax notice must be recorded first (send_to_tax, record_tax_notice, record_tax_payment)',
    });
    const lease = {
      ...transferAtBranch1('in_progress'),
      procedureCode: 'lease',
      involvesTax: false,
    };
    expect(checkTransition(transition('approve'), officer(branch1), lease)).toEqual({ ok: true });
  });

  it('sends to the commune only procedures that involve it, and approves them after its step', () => {
    expect(
      checkTransition(transition('send_to_commune'), officer(branch1), {
        ...transferAtBranch1('in_progress'),
      }),
    ).toMatchObject({ ok: false, status: 409 });
    const first = {
      ...transferAtBranch1('in_progress'),
      procedureCode: 'first_registration',
      involvesCommune: true,
      taxPaid: true,
    };
    expect(checkTransition(transition('send_to_commune'), officer(branch1), first)).toEqual({
      ok: true,
    });
    expect(checkTransition(transition('approve'), officer(branch1), first)).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringMatching(/^approve: procedure first_registration involves the commune/),
    });
    expect(
      checkTransition(transition('approve'), officer(branch1), {
        ...first,
        communeConfirmed: true,
      }),
    ).toEqual({ ok: true });
    const committee = { id: 12, kind: 'commune_committee' };
    const atCommune = {
      ...first,
      state: 'at_commune' as const,
      currentOfficeId: committee.id,
      currentOfficeCode: 'UBND-X',
    };
    expect(allowedTransitions(officer(committee), atCommune).map((t) => t.action)).toEqual([
      'return_from_commune',
    ]);
  });

  it('forwards a dossier from a receiving point to its processing office, and only there', () => {
    const centre = { id: 20, kind: 'public_service_centre' };
    const atCentre = {
      ...transferAtBranch1('received'),
      currentOfficeId: centre.id,
      currentOfficeCode: 'TTPVHCC',
    };
    expect(allowedTransitions(officer(centre), atCentre).map((t) => t.action)).toEqual(['forward']);
    expect(
      checkTransition(transition('forward'), officer(branch1), transferAtBranch1('received')),
    ).toEqual({
      ok: false,
      status: 409,
      message: 'forward: the dossier is already at its processing office CN-SOCTRANG',
    });
  });
});

describe('who may see a dossier', () => {
  const principal = (
    role: Principal['role'],
    kind: string | null,
    communes: Principal['communeIds'],
  ) =>
    ({
      userId: 1,
      username: 'u',
      displayName: 'U',
      role,
      office: kind === null ? null : { id: 3, code: 'X', name: 'X', kind },
      communeIds: communes,
    }) satisfies Principal;
  const elsewhere = { currentOfficeId: 4, receivingOfficeId: 4, communeId: 99 };

  it('gives admins and the provincial office everything, viewers and anonymous nothing', () => {
    expect(dossierScope(principal('admin', 'department', 'all'))).toEqual({ kind: 'all' });
    expect(dossierScope(principal('officer', 'provincial_lro', 'all'))).toEqual({ kind: 'all' });
    expect(dossierScope(principal('viewer', null, []))).toEqual({ kind: 'none' });
    expect(dossierScope(undefined)).toEqual({ kind: 'none' });
    expect(scopeCovers({ kind: 'none' }, elsewhere)).toBe(false);
  });

  it('gives a branch what it holds, what it received and what lies in its communes', () => {
    const scope = dossierScope(principal('officer', 'branch', [10, 11]));
    expect(scopeCovers(scope, elsewhere)).toBe(false);
    expect(scopeCovers(scope, { ...elsewhere, currentOfficeId: 3 })).toBe(true);
    expect(scopeCovers(scope, { ...elsewhere, receivingOfficeId: 3 })).toBe(true);
    expect(scopeCovers(scope, { ...elsewhere, communeId: 11 })).toBe(true);
  });
});
