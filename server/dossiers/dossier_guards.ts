import type pg from 'pg';
import type { WorkflowActor } from '../../core/dossiers/workflow';
import { type Action, can } from '../auth/access_policy';
import type { Principal } from '../auth/principal';
import { HttpError } from '../http/http_error';
import type { Logger } from '../logger';
import { dossierScope, scopeCovers } from './dossier_access';
import { type DossierRow, loadDossier } from './dossier_row';

/** The signed-in principal allowed `action`: 401 when anonymous, 403 when the role may not. */
export function requireStaff(principal: Principal | undefined, action: Action): Principal {
  if (!principal) throw new HttpError(401, 'sign in to work with dossiers');
  if (!can(principal, action)) {
    throw new HttpError(403, `role ${principal.role} may not ${action.replace(':', ' ')}`);
  }
  return principal;
}

/** The workflow actor of a signed-in user. */
export function staffActor(principal: Principal): WorkflowActor {
  return {
    kind: 'staff',
    userId: principal.userId,
    role: principal.role,
    officeId: principal.office?.id ?? null,
    officeKind: principal.office?.kind ?? null,
  };
}

/**
 * Dossier `id` if `principal` may see it. A dossier that does not exist and one of
 * another office look the same (404), so ids cannot be probed; the second case is logged.
 */
export async function visibleDossier(
  db: pg.Pool | pg.ClientBase,
  principal: Principal,
  id: number,
  log: Logger,
  what = 'dossier',
): Promise<DossierRow> {
  const dossier = await loadDossier(db, id);
  if (dossier && scopeCovers(dossierScope(principal), dossier)) return dossier;
  if (dossier) {
    log.warn(
      { userId: principal.userId, username: principal.username, dossierId: id, what },
      'dossier outside the user scope requested',
    );
  }
  throw new HttpError(404, `dossier ${id} does not exist`);
}
