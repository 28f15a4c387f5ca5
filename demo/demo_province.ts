// The demo province loader: a deterministic, realistic slice of Sóc Trăng (now part of Cần
// Thơ) with admin units, offices, users, map sheets, parcels and holders, plans,
// monitoring and sample dossiers, loaded in one transaction.
import type pg from 'pg';
import { hashPassword } from '../core/auth/passwords';
import { loadAdminUnits } from './admin_units';
import { loadDossiers } from './dossiers';
import { insertSheets, planSheets } from './map_sheets';
import { loadMonitoring } from './monitoring';
import { demoUsernames, loadOfficesAndUsers } from './offices_and_users';
import { loadParcels } from './parcels';
import { loadPlanning } from './planning';
import { planProvince } from './province_layout';

export { demoUsernames } from './offices_and_users';

export interface DemoOptions {
  /** Current parcels to create, exactly. */
  parcels: number;
  seed: number;
  demoPassword: string;
  onProgress?: (step: string, done: number, total: number) => void;
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

// Serialises concurrent loaders; any constant works.
const demoLockKey = 7_201_894_094;
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
  const { seed } = options;
  const plan = planProvince(options.parcels);

  progress('passwords', 0, demoUsernames.length);
  const hashes = new Map<string, string>();
  for (const username of demoUsernames) {
    hashes.set(username, await hashPassword(options.demoPassword));
    progress('passwords', hashes.size, demoUsernames.length);
  }

  await client.query('BEGIN');
  let summary: DemoSummary;
  try {
    await client.query("SET LOCAL diagis.audit_mode = 'bulk'");
    await client.query("SET LOCAL diagis.source = 'demo'");
    await client.query('SELECT pg_advisory_xact_lock($1)', [demoLockKey]);
    if (await demoIsLoaded(client)) throw new DemoLoadError('the demo province is already loaded');
    await assertEmpty(client);

    progress('admin units', 0, 1);
    const units = await loadAdminUnits(client, plan);
    progress('admin units', 1, 1);

    progress('offices and users', 0, 1);
    const offices = await loadOfficesAndUsers(client, units, hashes);
    progress('offices and users', 1, 1);

    progress('map sheets', 0, 1);
    const sheetPlans = plan.legacyCommunes.flatMap((commune) => planSheets(commune, seed));
    const sheets = await insertSheets(client, sheetPlans, units.legacyCommuneIds);
    progress('map sheets', 1, 1);

    const parcels = await loadParcels(client, {
      seed,
      sheets,
      communeIds: units.legacyCommuneIds,
      onProgress: (done, total) => progress('parcels', done, total),
    });

    progress('planning', 0, 1);
    await loadPlanning(client, plan, units, seed);
    progress('planning', 1, 1);

    progress('monitoring', 0, 1);
    const monitoring = await loadMonitoring(client, plan, units, seed);
    progress('monitoring', 1, 1);

    progress('dossiers', 0, 1);
    const dossiers = await loadDossiers(
      client,
      plan,
      offices,
      units.currentCommuneIds,
      parcels.samples,
      seed,
    );
    progress('dossiers', 1, 1);

    await client.query('COMMIT');
    summary = {
      communes: plan.legacyCommunes.length + plan.currentCommunes.length,
      mapSheets: sheets.length,
      parcels: parcels.parcels,
      stations: monitoring.stations,
      observations: monitoring.observations,
      dossiers,
      users: [...demoUsernames],
    };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  progress('analyze', 0, 1);
  await client.query(`ANALYZE ${bulkTables.join(', ')}`);
  progress('analyze', 1, 1);
  return summary;
}
