import './http/koa_state';
import { existsSync } from 'node:fs';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import serve from 'koa-static';
import type pg from 'pg';
import { TileService } from '../tiles/tile_service';
import { sessionMiddleware } from './auth/session_middleware';
import { citizenOidcFrom } from './citizens/citizen_oidc';
import { citizenSessionMiddleware } from './citizens/citizen_session_middleware';
import type { Config } from './config';
import { allowedHosts, allowedHostsCheck } from './http/allowed_hosts';
import { csrfProtection } from './http/csrf';
import { errorMiddleware } from './http/error_middleware';
import { publicRateLimit } from './http/public_rate_limit';
import { requestContext } from './http/request_context';
import { securityHeaders } from './http/security_headers';
import { UserWriteSlots } from './http/user_write_slots';
import type { Logger } from './logger';
import { ogcRoutes } from './ogc/ogc_routes';
import { attachmentRoutes } from './routes/attachment_routes';
import { authRoutes } from './routes/auth_routes';
import { citizenAuthRoutes } from './routes/citizen_auth_routes';
import { citizenDossierRoutes } from './routes/citizen_dossier_routes';
import { crsRoutes } from './routes/crs_routes';
import { dossierRoutes } from './routes/dossier_routes';
import { envRegistryRoutes } from './routes/env_registry_routes';
import { healthRoutes } from './routes/health_routes';
import { importRoutes } from './routes/import_routes';
import { observationImportRoutes } from './routes/observation_import_routes';
import { observationRoutes } from './routes/observation_routes';
import { pageRoutes } from './routes/page_routes';
import { parcelEditRoutes } from './routes/parcel_edit_routes';
import { parcelRoutes } from './routes/parcel_routes';
import { paymentRoutes } from './routes/payment_routes';
import { planRoutes } from './routes/plan_routes';
import { procedureRoutes } from './routes/procedure_routes';
import { publicDossierRoutes } from './routes/public_dossier_routes';
import { publicPlanRoutes } from './routes/public_plan_routes';
import { registerRoutes } from './routes/register_routes';
import { reportRoutes } from './routes/report_routes';
import { scanRoutes } from './routes/scan_routes';
import { stationRoutes } from './routes/station_routes';
import { statisticsRoutes } from './routes/statistics_routes';
import { styleRoutes } from './routes/style_routes';
import { taxRoutes } from './routes/tax_routes';
import { tileRoutes } from './routes/tile_routes';

export interface AppDeps {
  config: Readonly<Config>;
  /** Staff requests (sessions, edits, imports, staff reads). */
  pool: pg.Pool;
  /** Anonymous reads only (portal, public OGC, public tiles), as `diagis_public`: see createPool. */
  publicPool: pg.Pool;
  /**
   * The anonymous rate-limit counters (`throttle.bucket`): writes, so not the read-only
   * public pool, and apart from the staff pool so busy staff cannot hold up anonymous
   * requests at the limiter. Defaults to `pool`.
   */
  throttlePool?: pg.Pool;
  /** `publicPool` connects to a streaming replica (DATABASE_REPLICA_URL). */
  publicPoolIsReplica?: boolean;
  logger: Logger;
  /** Built web client to serve at `/`; skipped when the folder does not exist. */
  webRoot?: string;
  clock?: () => Date;
}

/** Wires the Koa application: middleware in order, then the routers. No logic lives here. */
export function createApp(deps: AppDeps): Koa {
  const clock = deps.clock ?? (() => new Date());
  const throttlePool = deps.throttlePool ?? deps.pool;
  const app = new Koa({ proxy: deps.config.trustProxy });
  app.silent = true;

  app.use(requestContext(deps.logger));
  app.use(errorMiddleware());
  app.use(
    securityHeaders({
      basemapUrl: deps.config.tiles.basemapUrl,
      publicUrl: deps.config.publicUrl,
    }),
  );
  app.use(allowedHostsCheck(allowedHosts(deps.config.allowedHosts, deps.config.publicUrl)));
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '1mb', encoding: 'utf-8' }));
  app.use(sessionMiddleware(deps.pool, clock));
  // On /api/citizen and /auth/citizen the citizen session replaces the staff one.
  app.use(citizenSessionMiddleware(deps.pool, clock));
  app.use(csrfProtection());
  app.use(
    publicRateLimit({ pool: throttlePool, limits: deps.config.publicRate, logger: deps.logger }),
  );
  // One tile cache per app, shared by the tile routes and the writes that must refresh it.
  const tiles = new TileService({
    pool: deps.pool,
    publicPool: deps.publicPool,
    publicReplica: deps.publicPoolIsReplica === true,
    cacheBytes: Math.max(1, deps.config.tiles.cacheBytes),
    cacheDir: deps.config.tiles.cacheDir,
    logger: deps.logger,
  });

  const writeSlots = new UserWriteSlots(deps.config.heavyWritesPerUser);
  const { pool, publicPool } = deps;
  const citizenOidc = citizenOidcFrom(deps.config.citizens);

  const routers = [
    healthRoutes(deps.pool),
    authRoutes({
      pool: deps.pool,
      clock,
      sessionHours: deps.config.session.hours,
      secureCookie: deps.config.session.secureCookie,
      throttle: deps.config.login,
    }),
    citizenAuthRoutes({
      pool,
      clock,
      oidc: citizenOidc,
      sessionHours: deps.config.citizens.sessionHours,
      publicUrl: deps.config.publicUrl,
      secureCookie: deps.config.session.secureCookie,
    }),
    citizenDossierRoutes({ pool, oidc: citizenOidc }),
    crsRoutes({ publicPool }),
    parcelEditRoutes({ pool, config: deps.config, clock, tiles, writeSlots }),
    parcelRoutes({ pool, publicPool }),
    ogcRoutes({ pool, publicPool, publicUrl: deps.config.publicUrl }),
    tileRoutes({ pool, publicPool, config: deps.config, logger: deps.logger, service: tiles }),
    styleRoutes({ publicPool, config: deps.config }),
    procedureRoutes({ pool, publicPool, clock }),
    dossierRoutes({ pool: deps.pool, clock, publicUrl: deps.config.publicUrl }),
    registerRoutes({ pool: deps.pool, clock }),
    attachmentRoutes({ pool: deps.pool, config: deps.config, clock }),
    publicDossierRoutes({
      throttlePool,
      publicPool,
      perMinute: deps.config.dossiers.publicTrackingPerMinute,
    }),
    taxRoutes({ pool: deps.pool, clock, apiKey: deps.config.dossiers.taxApiKey }),
    paymentRoutes({ pool, clock, config: deps.config }),
    reportRoutes({ pool: deps.pool, clock }),
    statisticsRoutes({ pool, publicPool, clock }),
    stationRoutes({ pool, publicPool, clock }),
    observationRoutes({ pool, publicPool, clock }),
    observationImportRoutes({ pool: deps.pool, clock }),
    planRoutes({ pool: deps.pool, clock, tiles }),
    publicPlanRoutes({ publicPool }),
    envRegistryRoutes({ pool, publicPool }),
    scanRoutes({ pool, config: deps.config, writeSlots }),
    importRoutes({ pool, config: deps.config, logger: deps.logger, writeSlots }),
    pageRoutes(),
  ];
  for (const router of routers) app.use(router.routes()).use(router.allowedMethods());

  if (deps.webRoot && existsSync(deps.webRoot)) {
    app.use(serve(deps.webRoot, { maxage: 3_600_000, index: 'index.html' }));
  }
  return app;
}
