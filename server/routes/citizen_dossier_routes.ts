import Router from '@koa/router';
import type pg from 'pg';
import { citizenDossier, citizenDossiers } from '../citizens/citizen_dossiers';
import type { CitizenOidc } from '../citizens/citizen_oidc';
import { requireCitizen, requireCitizenSignIn } from './citizen_auth_routes';

export interface CitizenDossierRouteDeps {
  pool: pg.Pool;
  /** Undefined when citizen sign-in is off: the routes answer 503. */
  oidc: CitizenOidc | undefined;
}

/**
 * GET /api/citizen/dossiers and GET /api/citizen/dossiers/{receiptCode}: the signed-in
 * citizen's own dossiers (applicant with the citizen's ID number); another person's
 * dossier is 404, like one that does not exist.
 */
export function citizenDossierRoutes(deps: CitizenDossierRouteDeps): Router {
  const router = new Router({ prefix: '/api/citizen' });

  router.get('/dossiers', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    requireCitizenSignIn(deps.oidc);
    const citizen = requireCitizen(ctx);
    ctx.body = { dossiers: await citizenDossiers(deps.pool, citizen.idNumber) };
  });

  router.get('/dossiers/:receiptCode', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    requireCitizenSignIn(deps.oidc);
    const citizen = requireCitizen(ctx);
    ctx.body = await citizenDossier(deps.pool, citizen.idNumber, ctx.params.receiptCode ?? '');
  });

  return router;
}
