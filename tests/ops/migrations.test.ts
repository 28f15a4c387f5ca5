import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dropDatabase, ensureDatabase } from '../../scripts/lib/database_bootstrap';
import { migrationsDir } from '../../scripts/lib/prepare_database';
import { MigrationError, migrate, readMigrations } from '../../server/db/migrate';

const adminUrl = inject('adminUrl');
const database = `diagis_migrations_${process.pid}`;
const url = (() => {
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
})();
const editedDir = mkdtempSync(join(tmpdir(), 'diagis-migrations-'));
let client: pg.Client;

beforeAll(async () => {
  await dropDatabase(adminUrl, database);
  await ensureDatabase(adminUrl, database);
  client = new pg.Client(url);
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await dropDatabase(adminUrl, database);
  rmSync(editedDir, { recursive: true, force: true });
});

describe('migration runner', () => {
  it('applies every migration in order on an empty database, then nothing the second time', async () => {
    const files = readMigrations(migrationsDir).map((file) => file.name);
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(files).toEqual([...files].sort());

    const applied = await migrate(client, migrationsDir);
    expect(applied).toEqual(files);
    const { rows } = await client.query('SELECT name FROM diagis_meta.migration ORDER BY name');
    expect(rows.map((row) => row.name)).toEqual(files);

    expect(await migrate(client, migrationsDir)).toEqual([]);
  });

  it('refuses to run when an applied migration file was edited, and changes nothing', async () => {
    cpSync(migrationsDir, editedDir, { recursive: true });
    appendFileSync(join(editedDir, '0003_users_and_sessions.sql'), '\n-- a sneaky edit\n');
    const before = await client.query('SELECT count(*)::int AS n FROM diagis_meta.migration');

    await expect(migrate(client, editedDir)).rejects.toThrow(MigrationError);
    await expect(migrate(client, editedDir)).rejects.toThrow(
      /0003_users_and_sessions\.sql was edited/,
    );

    const after = await client.query('SELECT count(*)::int AS n FROM diagis_meta.migration');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses to run when an applied migration file is missing', async () => {
    const partialDir = mkdtempSync(join(tmpdir(), 'diagis-migrations-partial-'));
    try {
      cpSync(
        join(migrationsDir, '0001_extensions_and_vn2000.sql'),
        join(partialDir, '0001_extensions_and_vn2000.sql'),
      );
      await expect(migrate(client, partialDir)).rejects.toThrow(
        /0002_admin_units_and_offices\.sql was applied .* missing/,
      );
    } finally {
      rmSync(partialDir, { recursive: true, force: true });
    }
  });

  it('rolls back a failing migration completely', async () => {
    const brokenDir = mkdtempSync(join(tmpdir(), 'diagis-migrations-broken-'));
    try {
      cpSync(migrationsDir, brokenDir, { recursive: true });
      const { writeFileSync } = await import('node:fs');
      writeFileSync(
        join(brokenDir, '9999_broken.sql'),
        'CREATE TABLE ref.half_done (id int);\nSELECT no_such_function();\n',
      );
      await expect(migrate(client, brokenDir)).rejects.toThrow(/9999_broken\.sql failed/);
      const { rows } = await client.query(`SELECT to_regclass('ref.half_done') AS t`);
      expect(rows[0].t).toBeNull();
      const ledger = await client.query(
        `SELECT 1 FROM diagis_meta.migration WHERE name = '9999_broken.sql'`,
      );
      expect(ledger.rowCount).toBe(0);
    } finally {
      rmSync(brokenDir, { recursive: true, force: true });
    }
  });
});
