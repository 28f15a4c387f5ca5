import { DiagisError } from '../../core/errors/diagis_error';

/** The states of a land-use plan: prepared as a draft, published with a decision, withdrawn. */
export type PlanStatus = 'draft' | 'published' | 'withdrawn';

/** A request the plan's state does not allow (`conflict`). */
export class PlanStateError extends DiagisError {
  override name = 'PlanStateError';
  constructor(message: string) {
    super('conflict', message);
  }
}

/** What may change on a plan in `status`. */
export interface PlanPermissions {
  /** Name, period, zone geometry and use, zone import and deletion. */
  editContent: boolean;
  /** Whether a zone is withheld from the public (published plans: takes effect at once). */
  withhold: boolean;
  publish: boolean;
  withdraw: boolean;
}

const permissions: Record<PlanStatus, PlanPermissions> = {
  draft: { editContent: true, withhold: true, publish: true, withdraw: true },
  published: { editContent: false, withhold: true, publish: false, withdraw: true },
  withdrawn: { editContent: false, withhold: false, publish: false, withdraw: false },
};

/** Throws a PlanStateError unless a plan in `status` allows `what`. */
export function requirePlanState(
  plan: { id: number; status: PlanStatus },
  what: keyof PlanPermissions,
): void {
  if (permissions[plan.status][what]) return;
  const hint =
    plan.status === 'published'
      ? 'withdraw it and prepare a new draft to change its content'
      : plan.status === 'withdrawn'
        ? 'a withdrawn plan is kept as it was'
        : '';
  throw new PlanStateError(
    `plan ${plan.id} is ${plan.status}: cannot ${what.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}${hint ? `; ${hint}` : ''}`,
  );
}
