import pg from 'pg';
import { demoIsLoaded } from '../../demo/demo_province';
import type { Config } from '../../server/config';
import { migrate } from '../../server/db/migrate';
import { loadDemo } from './load_demo';

export const migrationsDir = new URL('../../migrations', import.meta.url).pathname;

/**
 * Brings a database up to date: applies pending migrations and, when demo data is
 * enabled and not loaded yet, loads the demo province with a progress bar.
 * Returns true when the demo province is present afterwards.
 */
export async function prepareDatabase(
  url: string,
  config: Readonly<Config>,
  log: (message: string) => void,
): Promise<boolean> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const applied = await migrate(client, migrationsDir, log);
    if (applied.length === 0) log('Database schema is up to date.');
    // Awaited here, so the finally below does not end the client under the query.
    if (!config.demo.enabled) return await demoIsLoaded(client);
    if (await demoIsLoaded(client)) return true;
    log(`Loading the demo province (${config.demo.parcels.toLocaleString('en')} parcels), once...`);
    const summary = await loadDemo(client, {
      parcels: config.demo.parcels,
      seed: 94,
      password: config.demo.password,
    });
    log(
      `Demo province loaded: ${summary.communes} communes, ${summary.mapSheets} map sheets, ` +
        `${summary.parcels} parcels, ${summary.stations} stations, ${summary.dossiers} dossiers.`,
    );
    return true;
  } finally {
    await client.end();
  }
}
