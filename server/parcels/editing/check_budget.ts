import { isStatementTimeout } from '../../../core/db/db_errors';
import type { EditContext } from './edit_context';
import { RuleViolationError } from './rule_violation';

/** What a budgeted check is about, for the 422 when it runs out of time. */
export interface CheckSubject {
  /** The request field the geometry came from (`geometry`, `line`, `parts`, `parcels`). */
  field: string;
  /** The parcel or part, as the other rule messages name it. */
  label: string;
  parcelId: number | null;
}

/**
 * Runs an edit's geometry checks under their own statement timeout
 * (`ctx.rules.checkTimeoutMs`, DIAGIS_EDIT_CHECK_TIMEOUT_MS), then gives the transaction
 * its session timeout back for the writes. Lock waits stay outside: callers take the area
 * and row locks before calling this. A check that runs out of time is a 422
 * `geometry.too_complex` naming the field: the cost comes from the geometry sent, so a
 * retry of the same request would fail the same way (a 504 would invite one).
 *
 * The statement that timed out aborts the transaction; the caller's rollback ends it.
 */
export async function withinCheckBudget<T>(
  ctx: EditContext,
  subject: CheckSubject,
  checks: () => Promise<T>,
): Promise<T> {
  const budget = ctx.rules.checkTimeoutMs;
  // Rules stored with a pending edit before the budget existed have none: the session timeout applies.
  if (!budget) return checks();
  await ctx.client.query(`SELECT set_config('statement_timeout', $1, true)`, [`${budget}ms`]);
  let result: T;
  try {
    result = await checks();
  } catch (error) {
    // 57014, or XX000 when the cancel stopped PostGIS inside GEOS.
    if (isStatementTimeout(error))
      throw new RuleViolationError([
        {
          rule: 'geometry.too_complex',
          parcelId: subject.parcelId,
          field: subject.field,
          message: `${subject.field}: the topology checks of ${subject.label} did not finish within ${budget} ms (DIAGIS_EDIT_CHECK_TIMEOUT_MS); send a simpler boundary (fewer vertices, no edges crowded closer than the sliver width)`,
        },
      ]);
    throw error;
  }
  await ctx.client.query('SET LOCAL statement_timeout TO DEFAULT');
  return result;
}
