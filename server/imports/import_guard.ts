import { can } from '../auth/access_policy';
import type { Principal } from '../auth/principal';
import { HttpError } from '../http/http_error';

/** The signed-in principal allowed to import (surveyors, admins): 401 when anonymous, 403 otherwise. */
export function requireImporter(principal: Principal | undefined): Principal {
  if (!principal) throw new HttpError(401, 'sign in to import parcels');
  if (!can(principal, 'import:run')) {
    throw new HttpError(
      403,
      `role ${principal.role} may not run imports (surveyors and admins only)`,
    );
  }
  return principal;
}
