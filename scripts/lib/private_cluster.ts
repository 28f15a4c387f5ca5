import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { isRoot, postgresBinDir, SetupError } from './system_packages';

/** A private PostgreSQL cluster owned by this checkout (or by a test). */
export interface ClusterSpec {
  /** Folder for the cluster's bookkeeping (password, port, location), e.g. `.data`. */
  stateDir: string;
  /** Preferred TCP port on 127.0.0.1. */
  port: number;
  /** Settings appended to postgresql.conf at initdb. */
  settings?: Record<string, string | number>;
  /** PostgreSQL server binaries; Debian's PostgreSQL 15 by default. */
  binDir?: string | undefined;
}

export interface ClusterHandle {
  dataDir: string;
  port: number;
  /** Connection URL for the `postgres` maintenance database, with the superuser's password. */
  adminUrl: string;
  /** Builds a URL to another database of this cluster. */
  urlFor(database: string): string;
}

const superuser = 'diagis';

/**
 * PostgreSQL refuses to run as root. As root we run the server binaries as the
 * `postgres` system user, which must be able to reach the data folder; when the
 * checkout lives somewhere it cannot reach (a 0700 home, say) the data moves to
 * /var/lib/diagis/<hash of the checkout> and `.data/pg.location` records where.
 */
function resolveDataDir(stateDir: string): string {
  const local = join(stateDir, 'pg');
  if (!isRoot()) return local;
  const locationFile = join(stateDir, 'pg.location');
  if (existsSync(locationFile)) return readFileSync(locationFile, 'utf8').trim();
  mkdirSync(stateDir, { recursive: true });
  const reachable =
    spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', stateDir]).status === 0;
  const dataDir = reachable
    ? local
    : join('/var/lib/diagis', createHash('sha1').update(stateDir).digest('hex').slice(0, 12), 'pg');
  writeFileSync(locationFile, `${dataDir}\n`);
  return dataDir;
}

function asServerUser(command: string, args: string[]): string[] {
  return isRoot() ? ['runuser', '-u', 'postgres', '--', command, ...args] : [command, ...args];
}

function run(
  command: string,
  args: string[],
  what: string,
  env: Record<string, string> = {},
): string {
  const [file, ...rest] = asServerUser(command, args);
  if (!file) throw new Error('empty command');
  const result = spawnSync(file, rest, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    throw new SetupError(`${what} failed: ${(result.stderr || result.stdout || '').trim()}`);
  }
  return result.stdout;
}

function initCluster(dataDir: string, port: number, password: string, spec: ClusterSpec): void {
  const bin = spec.binDir ?? postgresBinDir();
  mkdirSync(dataDir, { recursive: true });
  const pwFile = join(dirname(dataDir), `.pw-${process.pid}`);
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (isRoot()) {
    execFileSync('chown', ['postgres:postgres', dataDir, pwFile]);
    chmodSync(dataDir, 0o700);
  }
  try {
    run(
      `${bin}/initdb`,
      [
        '-D',
        dataDir,
        '-U',
        superuser,
        `--pwfile=${pwFile}`,
        '--auth-local=scram-sha-256',
        '--auth-host=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      'initdb',
    );
  } finally {
    rmSync(pwFile, { force: true });
  }
  const settings: Record<string, string | number> = {
    listen_addresses: "'127.0.0.1'",
    port,
    unix_socket_directories: "''",
    synchronous_commit: 'off',
    timezone: "'UTC'",
    ...spec.settings,
  };
  const conf = Object.entries(settings)
    .map(([key, value]) => `${key} = ${value}`)
    .join('\n');
  const confPath = join(dataDir, 'postgresql.auto.conf');
  const current = readFileSync(confPath, 'utf8');
  writeFileSync(confPath, `${current}\n${conf}\n`);
  if (isRoot()) execFileSync('chown', ['postgres:postgres', confPath]);
}

/** True when the postmaster of `dataDir` is running. */
export function clusterIsRunning(dataDir: string, binDir = postgresBinDir()): boolean {
  const [file, ...args] = asServerUser(`${binDir}/pg_ctl`, ['status', '-D', dataDir]);
  return spawnSync(file as string, args).status === 0;
}

/** Starts the cluster's server and waits until it accepts connections. */
export function startCluster(dataDir: string, binDir = postgresBinDir()): void {
  if (clusterIsRunning(dataDir, binDir)) return;
  run(
    `${binDir}/pg_ctl`,
    ['start', '-w', '-t', '60', '-D', dataDir, '-l', join(dataDir, 'server.log')],
    `starting PostgreSQL in ${dataDir} (see ${join(dataDir, 'server.log')})`,
  );
}

/**
 * Stops the cluster's server (fast shutdown: sessions are ended and it checkpoints;
 * `immediate` is a crash, recovered from the WAL at the next start); does nothing when it
 * is not running.
 */
export function stopCluster(
  dataDir: string,
  binDir = postgresBinDir(),
  mode: 'fast' | 'immediate' = 'fast',
): void {
  if (!clusterIsRunning(dataDir, binDir)) return;
  run(
    `${binDir}/pg_ctl`,
    ['stop', '-w', '-m', mode, '-D', dataDir],
    `stopping PostgreSQL in ${dataDir}`,
  );
}

/** True when nothing listens on 127.0.0.1:`port`. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createServer()
      .once('error', () => resolvePort(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
  });
}

/** The preferred port, or the next free one when something else already uses it. */
async function choosePort(preferred: number): Promise<number> {
  for (let port = preferred; port < preferred + 50; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new SetupError(
    `no free TCP port in ${preferred}-${preferred + 49} for the embedded PostgreSQL`,
  );
}

/** Where the data of the private cluster kept under `stateDir` lives. */
export function clusterDataDir(stateDir: string): string {
  return resolveDataDir(resolve(stateDir));
}

/**
 * Creates the private cluster on first use (initdb with a generated superuser password
 * kept in `<stateDir>/pg.password`, on `spec.port` or the next free port), starts it
 * when it is stopped, and returns how to connect. A second call reuses the same cluster
 * and data.
 */
export async function ensureCluster(spec: ClusterSpec): Promise<ClusterHandle> {
  const stateDir = resolve(spec.stateDir);
  mkdirSync(stateDir, { recursive: true });
  const dataDir = resolveDataDir(stateDir);
  const passwordFile = join(stateDir, 'pg.password');
  const portFile = join(stateDir, 'pg.port');
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    const password = randomBytes(18).toString('base64url');
    const port = await choosePort(spec.port);
    initCluster(dataDir, port, password, spec);
    writeFileSync(passwordFile, password, { mode: 0o600 });
    writeFileSync(portFile, String(port));
  }
  accessSync(passwordFile, constants.R_OK);
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = Number(readFileSync(portFile, 'utf8').trim());
  startCluster(dataDir, spec.binDir);
  const urlFor = (database: string) =>
    `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { dataDir, port, adminUrl: urlFor('postgres'), urlFor };
}

/**
 * Makes a streaming replica of the running cluster `primary` in the empty folder `dataDir`
 * with pg_basebackup (`-R` writes standby.signal and the primary_conninfo), listening on
 * `port`, and starts it as a hot standby. The superuser and its password are the primary's.
 */
export function createStreamingReplica(
  primary: ClusterHandle,
  dataDir: string,
  port: number,
  binDir = postgresBinDir(),
): ClusterHandle {
  const admin = new URL(primary.adminUrl);
  const password = decodeURIComponent(admin.password);
  mkdirSync(dataDir, { recursive: true });
  if (isRoot()) execFileSync('chown', ['postgres:postgres', dataDir]);
  chmodSync(dataDir, 0o700);
  run(
    `${binDir}/pg_basebackup`,
    [
      '-D',
      dataDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      superuser,
    ],
    'pg_basebackup',
    { PGPASSWORD: password },
  );
  const confPath = join(dataDir, 'postgresql.auto.conf');
  // The copy carries the primary's port; the standby keeps its queries from being cancelled
  // by replay for a while and tells the primary what it still reads.
  writeFileSync(
    confPath,
    `${readFileSync(confPath, 'utf8')}\nport = ${port}\nhot_standby = on\nhot_standby_feedback = on\n`,
  );
  startCluster(dataDir, binDir);
  const urlFor = (database: string) =>
    `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { dataDir, port, adminUrl: urlFor('postgres'), urlFor };
}
