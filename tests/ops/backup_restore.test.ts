import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dropDatabase, ensureDatabase } from '../../scripts/lib/database_bootstrap';
import { prepareDatabase } from '../../scripts/lib/prepare_database';
import { type ClusterHandle, ensureCluster, stopCluster } from '../../scripts/lib/private_cluster';
import { loadConfig } from '../../server/config';

// The source database, its stores and the backup belong to this file; the restore goes
// into a fresh private cluster, as it would on a new server.
const adminUrl = inject('adminUrl');
const sourceDb = `diagis_backup_src_${Date.now().toString(36)}_${process.pid}`;
const work = mkdtempSync(join(tmpdir(), 'diagis-backup-'));
const stores = { attachments: join(work, 'attachments'), scans: join(work, 'scans') };
const backupDir = join(work, 'backup');
const clusterState = join(work, 'cluster');
let cluster: ClusterHandle | undefined;
let sourceCounts: Record<string, number>;
let sourceGeomDigest: string;
let sourceFiles: Record<string, string>;
let scanFile = '';
let refusedBackup: { code: number | null; out: string };

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};
const sourceUrl = withDatabase(adminUrl, sourceDb);

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Every file under `dir` with its SHA-256, read here rather than through the code under test. */
function filesWithHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = sha256(readFileSync(path));
  }
  return out;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Row count of every base table, listed from information_schema. */
const countEveryTable = (url: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ s: string; t: string }>(
      `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
    );
    const counts: Record<string, number> = {};
    for (const { s, t } of rows) {
      const q = `SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(s)}.${pg.escapeIdentifier(t)}`;
      counts[`${s}.${t}`] = (await client.query<{ n: number }>(q)).rows[0]?.n ?? -1;
    }
    return counts;
  });

// The generated 3857 geometries are recomputed on restore through spatial_ref_sys: a
// wrong row for a zone shifts them.
const geomDigest = (url: string) =>
  withClient(url, async (client) => {
    const { rows } = await client.query<{ d: string }>(
      `SELECT md5(string_agg(ST_AsEWKB(geom_3857)::text, ',' ORDER BY id)) AS d
       FROM cadastre.parcel_version`,
    );
    return rows[0]?.d ?? '';
  });

/** Runs one of the CLIs as a user would and collects its output and exit code. */
function runCli(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, ...env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete childEnv[key];
    const child = spawn('npx', ['tsx', script, ...args], { env: childEnv });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', (chunk) => {
      out += chunk;
    });
    child.on('close', (code) => resolve({ code, out }));
  });
}

const storeEnv = {
  DIAGIS_ATTACHMENTS_DIR: stores.attachments,
  DIAGIS_SCANS_DIR: stores.scans,
};
const restore = (database: string, from: string, extra: string[] = []) =>
  runCli(
    'scripts/restore.ts',
    ['--from', from, '--database-url', cluster?.urlFor(database) ?? '', ...extra],
    { ...storeEnv, DATABASE_URL: undefined },
  );

beforeAll(async () => {
  await ensureDatabase(adminUrl, sourceDb);
  const { config } = loadConfig({});
  await prepareDatabase(
    sourceUrl,
    { ...config, demo: { enabled: true, parcels: 2000, password: 'diagis-demo' } },
    () => {},
  );

  // Three attachments (one with a thumbnail) and one scanned sheet, rows and files.
  await withClient(sourceUrl, async (client) => {
    for (const [index, thumbnail] of [false, true, false].entries()) {
      const bytes = randomBytes(1000 + index * 777);
      const hash = sha256(bytes);
      mkdirSync(join(stores.attachments, hash.slice(0, 2)), { recursive: true });
      writeFileSync(join(stores.attachments, hash.slice(0, 2), hash), bytes);
      if (thumbnail)
        writeFileSync(
          join(stores.attachments, hash.slice(0, 2), `${hash}.thumb.jpg`),
          randomBytes(300),
        );
      await client.query(
        `INSERT INTO dossier.attachment (dossier_id, sha256, file_name, media_type, byte_size, has_thumbnail)
         SELECT min(id), $1, $2, 'application/pdf', $3, $4 FROM dossier.dossier`,
        [hash, `giay-to-${index}.pdf`, bytes.length, thumbnail],
      );
    }
    const scan = randomBytes(4096);
    const scanHash = sha256(scan);
    scanFile = `${scanHash.slice(0, 2)}/${scanHash}.tif`;
    mkdirSync(join(stores.scans, scanHash.slice(0, 2)), { recursive: true });
    writeFileSync(join(stores.scans, scanFile), scan);
    await client.query(
      `INSERT INTO cadastre.scanned_sheet (zone_srid, transform, georef_method, footprint, file_path,
         file_sha256, file_size, source_file_name, source_sha256, source_format, width, height,
         pixel_size_x, pixel_size_y)
       VALUES (9209, '{0.5,0,551000,0,-0.5,1062000}', 'world_file',
         ST_GeomFromText('POLYGON((551000 1061000,552000 1061000,552000 1062000,551000 1062000,551000 1061000))', 9209),
         $1, $2, $3, 'to-12.tif', $2, 'tiff', 2000, 2000, 0.5, 0.5)`,
      [scanFile, scanHash, scan.length],
    );
  });
  sourceCounts = await countEveryTable(sourceUrl);
  sourceGeomDigest = await geomDigest(sourceUrl);
  sourceFiles = {
    ...Object.fromEntries(
      Object.entries(filesWithHashes(stores.attachments)).map(([p, h]) => [`attachments/${p}`, h]),
    ),
    ...Object.fromEntries(
      Object.entries(filesWithHashes(stores.scans)).map(([p, h]) => [`scans/${p}`, h]),
    ),
  };

  // A row whose file is missing from its store: that backup must fail.
  const aside = join(work, 'aside.tif');
  renameSync(join(stores.scans, scanFile), aside);
  refusedBackup = await runCli('scripts/backup.ts', ['--to', join(work, 'refused')], {
    ...storeEnv,
    DATABASE_URL: sourceUrl,
  });
  renameSync(aside, join(stores.scans, scanFile));

  // The fresh cluster is made while the backup runs (initdb blocks this process, not the CLI).
  const backupRun = runCli('scripts/backup.ts', ['--to', backupDir], {
    ...storeEnv,
    DATABASE_URL: sourceUrl,
  });
  mkdirSync(clusterState, { mode: 0o755 });
  cluster = await ensureCluster({
    stateDir: clusterState,
    port: await freePort(),
    settings: { shared_buffers: "'64MB'" },
  });
  const backup = await backupRun;
  expect(backup.out).toContain('backup complete');
  expect(backup.code).toBe(0);

  // The originals go: what comes back can only come from the backup.
  await dropDatabase(adminUrl, sourceDb);
  rmSync(stores.attachments, { recursive: true, force: true });
  rmSync(stores.scans, { recursive: true, force: true });
}, 180_000);

afterAll(async () => {
  if (cluster) {
    stopCluster(cluster.dataDir);
    rmSync(cluster.dataDir, { recursive: true, force: true });
  }
  await dropDatabase(adminUrl, sourceDb);
  rmSync(work, { recursive: true, force: true });
});

describe('npm run backup / npm run restore', () => {
  it('restores every table, file and the VN-2000 rows into a fresh cluster', async () => {
    const result = await restore('diagis', backupDir);
    expect(result.out).toContain('restore complete');
    expect(result.code).toBe(0);
    const url = cluster?.urlFor('diagis') as string;

    expect(sourceCounts['cadastre.parcel_version']).toBeGreaterThanOrEqual(2000);
    expect(sourceCounts['cadastre.map_sheet']).toBeGreaterThan(0);
    expect(sourceCounts['planning.plan_zone']).toBeGreaterThan(0);
    expect(sourceCounts['dossier.attachment']).toBeGreaterThanOrEqual(3);
    expect(await countEveryTable(url)).toEqual(sourceCounts);
    expect(await geomDigest(url)).toBe(sourceGeomDigest);

    const restoredFiles = {
      ...Object.fromEntries(
        Object.entries(filesWithHashes(stores.attachments)).map(([p, h]) => [
          `attachments/${p}`,
          h,
        ]),
      ),
      ...Object.fromEntries(
        Object.entries(filesWithHashes(stores.scans)).map(([p, h]) => [`scans/${p}`, h]),
      ),
    };
    expect(Object.keys(sourceFiles)).toHaveLength(5);
    expect(restoredFiles).toEqual(sourceFiles);

    await withClient(url, async (client) => {
      const point = await client.query<{ x: number; y: number }>(
        `SELECT ST_X(p) AS x, ST_Y(p) AS y FROM
           ST_Transform(ST_SetSRID(ST_MakePoint(105.97, 9.60), 4326), 9209) AS p`,
      );
      expect(point.rows[0]?.x).toBeCloseTo(551391.972, 3);
      expect(point.rows[0]?.y).toBeCloseTo(1061653.388, 3);
      const authorities = await client.query<{ srid: number; auth_name: string }>(
        'SELECT srid, auth_name FROM spatial_ref_sys WHERE srid IN (3405, 5897, 9209) ORDER BY srid',
      );
      expect(authorities.rows).toEqual([
        { srid: 3405, auth_name: 'DIAGIS' },
        { srid: 5897, auth_name: 'DIAGIS' },
        { srid: 9209, auth_name: 'DIAGIS' },
      ]);
      // The public role exists in the new cluster and keeps its grants.
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE diagis_public');
      const visible = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM cadastre.public_parcel',
      );
      expect(visible.rows[0]?.n).toBeGreaterThan(0);
      await client.query('ROLLBACK');
    });
  });

  it('refuses to back up when a row names a file missing from its store', () => {
    expect(refusedBackup.code).not.toBe(0);
    expect(refusedBackup.out).toContain(
      `scans/${scanFile} is named by the database but missing from the store`,
    );
    expect(refusedBackup.out).not.toContain('backup complete');
    expect(existsSync(join(work, 'refused', 'manifest.json'))).toBe(false);
  });

  it('refuses a database that is not empty unless --replace is given', async () => {
    const result = await restore('diagis', backupDir);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('database diagis is not empty');
    expect(result.out).toContain('--replace');
    expect(result.out).not.toContain('restore complete');
  });

  it('refuses a backup with a store file missing, naming it', async () => {
    const damaged = join(work, 'damaged');
    cpSync(backupDir, damaged, { recursive: true });
    rmSync(join(damaged, 'stores', 'scans', scanFile));
    const result = await restore('diagis_damaged', damaged);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain(`scans/${scanFile} is missing from the backup`);
    expect(result.out).not.toContain('restore complete');
  });

  it('reports a table whose rows do not come back, and no success', async () => {
    const tampered = join(work, 'tampered');
    cpSync(backupDir, tampered, { recursive: true });
    const manifestPath = join(tampered, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    manifest.tables['cadastre.map_sheet'] += 1;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const result = await restore('diagis_tampered', tampered);
    expect(result.code).not.toBe(0);
    const sheets = sourceCounts['cadastre.map_sheet'] as number;
    expect(result.out).toContain(
      `table cadastre.map_sheet has ${sheets} rows, the backup has ${sheets + 1}`,
    );
    expect(result.out).not.toContain('restore complete');
  });
});
