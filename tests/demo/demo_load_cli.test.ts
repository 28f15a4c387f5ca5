import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dropDatabase } from '../../scripts/lib/database_bootstrap';
import { loadConfig } from '../../server/config';

// The CLIs are run as a user runs them after `npm start`: DATABASE_URL unset, so they must
// find the embedded cluster themselves. They are pointed (DIAGIS_DATA_DIR, DIAGIS_PG_PORT)
// at the cluster this test run already uses, instead of making a second one; with an
// external DATABASE_URL there is no embedded cluster to find and the test is skipped.
const { config } = loadConfig();
const adminUrl = inject('adminUrl');
const database = `diagis_cli_${Date.now().toString(36)}_${process.pid}`;
const urlOf = (name: string) => {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
// 32 letters and digits without I, O, 0 and 1, in four groups of four (docs/api.md).
const documentedCode =
  /^HS-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/;

function demoLoad(...args: string[]) {
  const { DATABASE_URL: _unset, ...env } = process.env;
  const run = spawnSync('node_modules/.bin/tsx', ['scripts/demo-load.ts', ...args], {
    env: {
      ...env,
      DIAGIS_DATA_DIR: resolve(config.dataDir),
      DIAGIS_PG_PORT: new URL(adminUrl).port,
    },
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(() => dropDatabase(adminUrl, database));

describe.skipIf(config.databaseUrl !== undefined)('npm run demo:load without DATABASE_URL', () => {
  it('finds the embedded cluster, migrates a new database, loads the demo with the overview built and random receipt codes', async () => {
    const run = demoLoad('--parcels', '400', '--database', database);
    expect(run.output).not.toContain('a database is required');
    expect(run.status, run.output).toBe(0);
    expect(run.output).toContain(`127.0.0.1:${new URL(adminUrl).port}/${database}`);
    expect(run.output).toContain('applying migration 0001_');

    const url = urlOf(database);
    const [counts] = await query<{ parcels: number; dirty: number; overview: number }>(
      url,
      `SELECT (SELECT count(*)::int FROM cadastre.current_parcel) AS parcels,
              (SELECT count(*)::int FROM tiles.landuse_dirty) AS dirty,
              (SELECT count(DISTINCT commune_id)::int FROM tiles.landuse_overview) AS overview`,
    );
    expect(counts?.parcels).toBe(400);
    expect(counts?.dirty).toBe(0);
    // Every legacy commune that holds parcels has overview rows.
    const [withParcels] = await query<{ communes: number }>(
      url,
      `SELECT count(DISTINCT commune_id)::int AS communes FROM cadastre.current_parcel`,
    );
    expect(counts?.overview).toBe(withParcels?.communes);
    expect(counts?.overview).toBeGreaterThan(0);

    // Same seed as the test database's demo, yet no receipt code in common.
    const codes = (
      await query<{ code: string }>(url, 'SELECT receipt_code AS code FROM dossier.dossier')
    ).map((row) => row.code);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code).toMatch(documentedCode);
    const others = new Set(
      (
        await query<{ code: string }>(
          inject('databaseUrl'),
          "SELECT receipt_code AS code FROM dossier.dossier WHERE receipt_code LIKE 'HS-%'",
        )
      ).map((row) => row.code),
    );
    expect(codes.filter((code) => others.has(code))).toEqual([]);
  });

  it('never reuses an existing database for --database, and refuses --parcels on a loaded one', () => {
    const again = demoLoad('--parcels', '400', '--database', database);
    expect(again.status).toBe(1);
    expect(again.output).toContain(`--database: database "${database}" already exists`);
    const resized = demoLoad('--parcels', '500', '--database-url', urlOf(database));
    expect(resized.status).toBe(1);
    expect(resized.output).toContain('already loaded here (400 current parcels)');
    const same = demoLoad('--database-url', urlOf(database));
    expect(same.status, same.output).toBe(0);
    expect(same.output).toContain('nothing to do');
  });
});
