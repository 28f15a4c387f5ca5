import { type Action, can } from '../auth/access_policy';
import type { Principal } from '../auth/principal';
import { HttpError } from '../http/http_error';

/** The signed-in principal allowed `action` on plans: 401 when anonymous, 403 otherwise. */
export function requirePlanAccess(principal: Principal | undefined, action: Action): Principal {
  if (!principal) throw new HttpError(401, 'sign in to work with land-use plans');
  if (!can(principal, action))
    throw new HttpError(403, `role ${principal.role} may not ${action.replace(':', ' ')}`);
  return principal;
}
