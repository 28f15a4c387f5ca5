import { type Config, loadConfig } from '../../server/config';
import { resolveDatabaseUrl } from './database_bootstrap';
import { SetupError } from './system_packages';

/**
 * The database a command-line tool works on, found the way `npm start` finds it: the
 * `--database-url` option when given, else DATABASE_URL, else the `diagis` database of the
 * embedded cluster under DIAGIS_DATA_DIR (started if it is stopped, created on first use).
 * When the embedded cluster cannot be set up (PostGIS missing and not root), prints why
 * and exits with status 1.
 */
export async function cliDatabaseUrl(
  explicit: string | undefined,
  config: Readonly<Config> = loadConfig().config,
  log: (message: string) => void = (message) => console.error(`[diagis] ${message}`),
): Promise<string> {
  if (explicit) return explicit;
  try {
    return await resolveDatabaseUrl(config, log);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.error(`[diagis] ${error.message}`);
    process.exit(1);
  }
}
