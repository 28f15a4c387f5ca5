import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { lockKeys } from '../../core/db/lock_keys';
import { inTransaction } from '../../core/db/transaction';

/** A migration file: `NNNN_name.sql`, applied once, in order, never edited afterwards. */
export interface MigrationFile {
  name: string;
  checksum: string;
  sql: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

const fileNamePattern = /^\d{4}_[a-z0-9_]+\.sql$/;

/** Reads the migration files of `dir` in the order they apply. */
export function readMigrations(dir: string): MigrationFile[] {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  return names.map((name) => {
    if (!fileNamePattern.test(name)) {
      throw new MigrationError(`migration file ${name} must be named NNNN_lower_snake_case.sql`);
    }
    const sql = readFileSync(join(dir, name), 'utf8');
    return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

const createLedger = `
  CREATE SCHEMA IF NOT EXISTS diagis_meta;
  CREATE TABLE IF NOT EXISTS diagis_meta.migration (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

/**
 * Applies the pending migrations of `dir` in order, each in its own transaction.
 * Refuses to run (and applies nothing) when a file that was already applied has been
 * edited or removed. Concurrent runners (several server instances) wait on an
 * advisory lock, so each file runs once. Returns the names it applied.
 */
export async function migrate(
  client: pg.ClientBase,
  dir: string,
  log: (message: string) => void = () => {},
): Promise<string[]> {
  const files = readMigrations(dir);
  await client.query('SELECT pg_advisory_lock($1)', [lockKeys.migrations.first]);
  try {
    await client.query(createLedger);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'SELECT name, checksum FROM diagis_meta.migration ORDER BY name',
    );
    const byName = new Map(files.map((file) => [file.name, file]));
    for (const applied of rows) {
      const file = byName.get(applied.name);
      if (!file) {
        throw new MigrationError(
          `migration ${applied.name} was applied to this database but its file is missing from ${dir}`,
        );
      }
      if (file.checksum !== applied.checksum) {
        throw new MigrationError(
          `migration ${applied.name} was edited after it was applied ` +
            `(checksum ${applied.checksum.slice(0, 12)} in the database, ${file.checksum.slice(0, 12)} on disk); ` +
            'migrations are forward-only: restore the file and add a new migration instead',
        );
      }
    }
    const done = new Set(rows.map((row) => row.name));
    const pending = files.filter((file) => !done.has(file.name));
    for (const file of pending) {
      log(`applying migration ${file.name}`);
      await inTransaction(client, async () => {
        await client.query(file.sql);
        await client.query('INSERT INTO diagis_meta.migration (name, checksum) VALUES ($1, $2)', [
          file.name,
          file.checksum,
        ]);
      }).catch((error: unknown) => {
        throw new MigrationError(`migration ${file.name} failed: ${(error as Error).message}`);
      });
    }
    return pending.map((file) => file.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [lockKeys.migrations.first]);
  }
}
