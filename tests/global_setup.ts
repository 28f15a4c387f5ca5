import type { TestProject } from 'vitest/node';
import {
  dropDatabase,
  ensureDatabase,
  ensurePrivateCluster,
  setDatabaseOption,
} from '../scripts/lib/database_bootstrap';
import { type MailCatcher, startMailCatcher } from '../scripts/lib/local_services/mail_catcher';
import { prepareDatabase } from '../scripts/lib/prepare_database';
import { ensureTools, testTools } from '../scripts/lib/system_packages';
import { buildWebIfStale } from '../scripts/lib/web_build';
import { loadConfig, redactUrl } from '../server/config';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A throwaway database with every migration applied and the demo province loaded. */
    databaseUrl: string;
    /** The maintenance database of the same server, for tests that create databases. */
    adminUrl: string;
    /**
     * One SMTP mail catcher for the run. Every mail sender a test starts polls the same
     * outbox of the shared database, so any of them may send any file's mail: one catcher
     * receives them all, and each file reads the messages of its own recipients.
     */
    mailCatcher: { smtpUrl: string; httpUrl: string };
  }
}

const say = (message: string) => console.log(`[tests] ${message}`);

/** Replaces the database name of a connection URL. */
const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/** What one run prepares once, however many projects list this setup. */
interface Prepared {
  databaseUrl: string;
  adminUrl: string;
  database: string;
  catcher: MailCatcher;
}

/**
 * The setup of this run, shared by the projects that list this file (api and browser).
 * Each project loads this module through a module runner of its own, so a module-level
 * variable would be one per project; the Vitest process's global object is one per run.
 */
interface Shared {
  prepared: Promise<Prepared>;
  /** Projects that set up and have not torn down yet: the last one drops the database. */
  users: number;
}
const sharedKey = Symbol.for('diagis.tests.globalSetup');
const registry = globalThis as unknown as Record<symbol, Shared | undefined>;

/**
 * Creates a throwaway database for this run on the private cluster (or on the server
 * of DATABASE_URL), migrates it, loads the demo province, and drops it afterwards.
 */
async function prepare(): Promise<Prepared> {
  const { config } = loadConfig();
  // GDAL and QGIS (the OAPIF tests) and Chromium (the browser journeys): installed as
  // root, else the run stops with the apt-get line.
  ensureTools(testTools, 'The test suite (GDAL, QGIS and browser tests)', say);
  const adminUrl = config.databaseUrl ?? (await ensurePrivateCluster(config, say)).adminUrl;
  const database = `diagis_test_${Date.now().toString(36)}_${process.pid}`;
  await ensureDatabase(adminUrl, database);
  // A throwaway database needs no crash durability; its tests commit thousands of times.
  await setDatabaseOption(adminUrl, database, 'synchronous_commit', 'off');
  const databaseUrl = withDatabase(adminUrl, database);
  say(`test database ${redactUrl(databaseUrl)}`);
  const started = Date.now();
  await prepareDatabase(databaseUrl, { ...config, demo: { ...config.demo, enabled: true } }, say);
  say(`test database ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Built once here, so tests that serve the client never build it concurrently.
  await buildWebIfStale(
    new URL('../web', import.meta.url).pathname,
    new URL('../package-lock.json', import.meta.url).pathname,
    say,
  );
  const catcher = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  return { databaseUrl, adminUrl, database, catcher };
}

/**
 * The global setup of the api and browser projects (not of unit): the first project to
 * call it prepares the database and the web client, the others of the same run wait for
 * that and get the same database.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let shared = registry[sharedKey];
  if (!shared) {
    shared = { prepared: prepare(), users: 0 };
    registry[sharedKey] = shared;
  } else say(`project ${project.name} shares the test database`);
  shared.users += 1;
  const { databaseUrl, adminUrl, database, catcher } = await shared.prepared;
  project.provide('databaseUrl', databaseUrl);
  project.provide('adminUrl', adminUrl);
  project.provide('mailCatcher', { smtpUrl: catcher.smtpUrl, httpUrl: catcher.httpUrl });
  return async () => {
    const current = registry[sharedKey];
    if (!current) return;
    current.users -= 1;
    if (current.users > 0) return;
    registry[sharedKey] = undefined;
    await catcher.close();
    if (process.env.KEEP_TEST_DB === 'true') return say(`kept ${database}`);
    await dropDatabase(adminUrl, database);
  };
}
