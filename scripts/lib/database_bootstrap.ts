import pg from 'pg';
import type { Config } from '../../server/config';
import { type ClusterHandle, ensureCluster } from './private_cluster';
import { ensurePostgisInstalled } from './system_packages';

/** Server settings for the embedded cluster: sized for a 2-core, multi-GiB workstation. */
export const embeddedSettings = {
  shared_buffers: "'512MB'",
  work_mem: "'32MB'",
  maintenance_work_mem: "'512MB'",
  max_wal_size: "'4GB'",
  checkpoint_timeout: "'15min'",
  max_connections: 100,
  // The register: a commit the server acknowledged survives a crash. (Throwaway test
  // databases turn it off for themselves, see tests/global_setup.ts.)
  synchronous_commit: "'on'",
};

/**
 * The embedded default: installs PostGIS if needed, creates or restarts the private
 * cluster under `<dataDir>/pg`, and returns it. Only used when DATABASE_URL is unset.
 */
export async function ensurePrivateCluster(
  config: Readonly<Config>,
  log: (message: string) => void,
): Promise<ClusterHandle> {
  ensurePostgisInstalled(log, config.privateCluster.binDir);
  const cluster = await ensureCluster({
    stateDir: config.dataDir,
    port: config.privateCluster.port,
    settings: embeddedSettings,
    binDir: config.privateCluster.binDir,
  });
  await keepCommitsDurable(cluster.adminUrl, log);
  return cluster;
}

/**
 * Clusters made before synchronous commits were the default ran with them off, which can
 * lose the last acknowledged commits in a crash: turn them on (a reload, no restart).
 */
async function keepCommitsDurable(adminUrl: string, log: (message: string) => void) {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    const { rows } = await client.query<{ value: string }>(
      "SELECT setting AS value FROM pg_settings WHERE name = 'synchronous_commit'",
    );
    if (rows[0]?.value !== 'off') return;
    log('Turning synchronous commits on in the embedded cluster (durable acknowledged writes).');
    await client.query('ALTER SYSTEM SET synchronous_commit = on');
    await client.query('SELECT pg_reload_conf()');
  } finally {
    await client.end();
  }
}

/** Creates `database` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** `ALTER DATABASE … SET name = value` for sessions that connect to it from now on. */
export async function setDatabaseOption(
  adminUrl: string,
  database: string,
  name: 'synchronous_commit',
  value: 'on' | 'off',
): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    await client.query(
      `ALTER DATABASE ${pg.escapeIdentifier(database)} SET ${name} = ${value === 'on' ? 'on' : 'off'}`,
    );
  } finally {
    await client.end();
  }
}

/** Drops `database` on the server of `adminUrl`, disconnecting whoever still uses it. */
export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * The database diagis runs on: DATABASE_URL when set, otherwise the `diagis` database of
 * the private cluster (created on first use).
 */
export async function resolveDatabaseUrl(
  config: Readonly<Config>,
  log: (message: string) => void,
): Promise<string> {
  if (config.databaseUrl) return config.databaseUrl;
  const cluster = await ensurePrivateCluster(config, log);
  await ensureDatabase(cluster.adminUrl, 'diagis');
  return cluster.urlFor('diagis');
}
