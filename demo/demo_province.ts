// The demo province loader: a deterministic, realistic slice of Sóc Trăng (now part of Cần
// Thơ) with admin units, offices, users, map sheets, parcels and holders, plans,
// monitoring and sample dossiers, loaded in one transaction.
import type pg from 'pg';
import { hashPassword } from '../core/auth/passwords';
import { lockKeys } from '../core/db/lock_keys';
import { inTransaction } from '../core/db/transaction';
import { loadAdminUnits } from './admin_units';
import { loadDossiers } from './dossiers';
import { insertSheets, planSheets } from './map_sheets';
import { loadMonitoring } from './monitoring';
import { demoUsernames, loadOfficesAndUsers } from './offices_and_users';
import { loadParcels } from './parcels';
import { loadPlanning } from './planning';
import { planProvince } from './province_layout';

export { demoUsernames } from './offices_and_users';

/** Reports `done` of `total` for a named loading step. */
type Progress = (step: string, done: number, total: number) => void;

export interface DemoOptions {
  /** Current parcels to create, exactly. */
  parcels: number;
  seed: number;
  demoPassword: string;
  onProgress?: Progress;
}

export interface DemoSummary {
  /** Commune-level units, legacy (pre-2025) and current together. */
  communes: number;
  mapSheets: number;
  parcels: number;
  stations: number;
  observations: number;
  dossiers: number;
  users: string[];
}

/** Why the demo could not be loaded (already there, database not empty, bad options). */
export class DemoLoadError extends Error {
  override name = 'DemoLoadError';
}

const bulkTables = [
  'cadastre.parcel',
  'cadastre.parcel_version',
  'cadastre.parcel_land_use',
  'registry.party',
  'registry.certificate',
  'registry.parcel_right',
  'monitoring.observation',
];

/** True when the demo province is already loaded (a demo user account exists). */
export async function demoIsLoaded(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ loaded: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM auth.app_user WHERE is_demo AND username = ANY($1)) AS loaded',
    [demoUsernames],
  );
  return rows[0]?.loaded === true;
}

async function assertEmpty(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{
    units: boolean;
    parcels: boolean;
    offices: boolean;
    users: boolean;
  }>(
    `SELECT EXISTS (SELECT 1 FROM admin.unit) AS units,
            EXISTS (SELECT 1 FROM cadastre.parcel) AS parcels,
            EXISTS (SELECT 1 FROM org.office) AS offices,
            EXISTS (SELECT 1 FROM auth.app_user WHERE username = ANY($1)) AS users`,
    [demoUsernames],
  );
  const found = rows[0];
  if (found?.units || found?.parcels || found?.offices || found?.users) {
    throw new DemoLoadError(
      'the database already holds admin units, offices, parcels or users named like the demo accounts; ' +
        'the demo loads only into an empty migrated database',
    );
  }
}

function checkOptions(options: DemoOptions): void {
  if (!Number.isSafeInteger(options.parcels) || options.parcels < 1) {
    throw new DemoLoadError(`parcels must be a positive integer, not ${options.parcels}`);
  }
  if (!Number.isSafeInteger(options.seed)) {
    throw new DemoLoadError(`seed must be an integer, not ${options.seed}`);
  }
  if (options.demoPassword.length === 0) {
    throw new DemoLoadError('the demo password must not be empty');
  }
}

/** The demo users' password hashes, by username (argon2 is slow: reported as it goes). */
async function hashDemoPasswords(
  password: string,
  progress: Progress,
): Promise<Map<string, string>> {
  progress('passwords', 0, demoUsernames.length);
  const hashes = new Map<string, string>();
  for (const username of demoUsernames) {
    hashes.set(username, await hashPassword(password));
    progress('passwords', hashes.size, demoUsernames.length);
  }
  return hashes;
}

/** Runs one loading step between its two progress reports. */
async function step<T>(progress: Progress, name: string, load: () => Promise<T>): Promise<T> {
  progress(name, 0, 1);
  const result = await load();
  progress(name, 1, 1);
  return result;
}

/** Writes every part of the demo province, in dependency order, on the open transaction. */
async function loadParts(
  client: pg.ClientBase,
  options: DemoOptions,
  hashes: Map<string, string>,
  progress: Progress,
): Promise<DemoSummary> {
  const { seed } = options;
  const plan = planProvince(options.parcels);
  const units = await step(progress, 'admin units', () => loadAdminUnits(client, plan));
  const offices = await step(progress, 'offices and users', () =>
    loadOfficesAndUsers(client, units, hashes),
  );
  const sheets = await step(progress, 'map sheets', () => {
    const sheetPlans = plan.legacyCommunes.flatMap((commune) => planSheets(commune, seed));
    return insertSheets(client, sheetPlans, units.legacyCommuneIds);
  });
  const parcels = await loadParcels(client, {
    seed,
    sheets,
    communeIds: units.legacyCommuneIds,
    onProgress: (done, total) => progress('parcels', done, total),
  });
  await step(progress, 'planning', () => loadPlanning(client, plan, units, seed));
  const monitoring = await step(progress, 'monitoring', () =>
    loadMonitoring(client, plan, units, seed),
  );
  const dossiers = await step(progress, 'dossiers', () =>
    loadDossiers(client, plan, offices, units.currentCommuneIds, parcels.samples, seed),
  );
  return {
    communes: plan.legacyCommunes.length + plan.currentCommunes.length,
    mapSheets: sheets.length,
    parcels: parcels.parcels,
    stations: monitoring.stations,
    observations: monitoring.observations,
    dossiers,
    users: [...demoUsernames],
  };
}

/**
 * Loads the demo province into an empty migrated database, in ONE transaction (all or
 * nothing). Throws if demo data is already present. Same seed and parcel count, same data
 * (password hashes aside: argon2 salts them at random).
 */
export async function loadDemoProvince(
  client: pg.ClientBase,
  options: DemoOptions,
): Promise<DemoSummary> {
  checkOptions(options);
  const progress = options.onProgress ?? (() => {});
  const hashes = await hashDemoPasswords(options.demoPassword, progress);
  const summary = await inTransaction(
    client,
    async () => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [lockKeys.demoLoad.first]);
      if (await demoIsLoaded(client))
        throw new DemoLoadError('the demo province is already loaded');
      await assertEmpty(client);
      return loadParts(client, options, hashes, progress);
    },
    { audit: { source: 'demo', bulk: true } },
  );
  await step(progress, 'analyze', () => client.query(`ANALYZE ${bulkTables.join(', ')}`));
  return summary;
}
