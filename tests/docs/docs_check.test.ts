import { readFileSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** Every `npm run <script>` of the README, and the bare names after a slash in its scripts table (`db:start` / `db:stop`). */
function readmeScripts(readme: string): string[] {
  const names = new Set<string>();
  for (const match of readme.matchAll(/npm run (?:-s )?([a-z][\w:-]*)/g))
    names.add(match[1] as string);
  for (const match of readme.matchAll(/`npm run [\w:-]+` \/ `([a-z][\w:-]*)`/g))
    names.add(match[1] as string);
  return [...names].sort();
}

/** Method and path of every route in the first column of the tables of docs/api.md. */
function documentedRoutes(api: string): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  for (const line of api.split('\n')) {
    const firstCell = /^\| ([^|]*(?:\\\|[^|]*)*) \|/.exec(line)?.[1];
    if (!firstCell) continue;
    let previous = '';
    for (const match of firstCell.matchAll(/`(GET|POST|PUT|PATCH|DELETE) ([^`\s]+)/g)) {
      // Drop the query string; "…/{id}" continues the path named just before it.
      let path = (match[2] as string).replace(/\?.*$/, '');
      if (path.startsWith('…')) path = previous + path.slice(1);
      else previous = path;
      routes.push({ method: match[1] as string, path });
    }
  }
  return routes;
}

/** The method and path of every route the routers of `createApp` registered. */
function registeredRoutes(): { methods: string[]; pattern: RegExp; path: string }[] {
  // The pool is never queried: building the app only registers routes.
  const pool = new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/unused' });
  // A variable, not a literal: the app's optional and in-flux dependencies (publicPool) stay
  // satisfied by the one pool without an excess-property error.
  const deps = {
    config: loadConfig({}).config,
    pool,
    publicPool: pool,
    logger: createLogger('silent'),
  };
  const app = createApp(deps);
  const routes: { methods: string[]; pattern: RegExp; path: string }[] = [];
  for (const middleware of app.middleware as unknown as { router?: { stack: unknown[] } }[]) {
    for (const layer of (middleware.router?.stack ?? []) as { methods: string[]; path: string }[]) {
      if (layer.methods.length === 0) continue;
      const source = layer.path
        .split(/(:\w+)/)
        .map((part) =>
          part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('');
      routes.push({ methods: layer.methods, pattern: new RegExp(`^${source}$`), path: layer.path });
    }
  }
  void pool.end();
  return routes;
}

/** Table names in backticks in docs/data-model.md that name a table (schema.name, lower case). */
function documentedNames(model: string): string[] {
  const names = new Set<string>();
  for (const match of model.matchAll(/`([a-z_]+\.[a-z_]+)`/g)) names.add(match[1] as string);
  return [...names].sort();
}

describe('the docs match the code', () => {
  it('every npm run script named in the README exists in package.json', () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts);
    const named = readmeScripts(read('README.md'));
    expect(named.length).toBeGreaterThan(10);
    const missing = named.filter((name) => !scripts.includes(name));
    expect(
      missing,
      `README names npm scripts that package.json lacks: ${missing.join(', ')}`,
    ).toEqual([]);
  });

  it('every route in the tables of docs/api.md is registered in the app', () => {
    const registered = registeredRoutes();
    const documented = documentedRoutes(read('docs/api.md'));
    expect(documented.length).toBeGreaterThan(50);
    const missing = documented
      .filter(({ method, path }) => {
        const sample = path.replace(/\{[^}]+\}/g, 'p1');
        return !registered.some(
          (route) => route.methods.includes(method) && route.pattern.test(sample),
        );
      })
      .map(({ method, path }) => `${method} ${path}`);
    expect(
      missing,
      `docs/api.md documents routes the app does not register:\n${missing.join('\n')}`,
    ).toEqual([]);
  });

  it('every table named in docs/data-model.md exists, and exactly its listed tables lack audit triggers', async () => {
    const model = read('docs/data-model.md');
    const client = new pg.Client(inject('databaseUrl'));
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'public', 'topology', 'tiger')`,
      );
      const existing = new Set(rows.map((row) => row.name));
      // Backticked schema.name words of a schema in the doc's first table, functions aside.
      const schemas = new Set(
        [...model.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1] as string),
      );
      const functions = await client.query<{ name: string }>(
        `SELECT routine_schema || '.' || routine_name AS name FROM information_schema.routines`,
      );
      const functionNames = new Set(functions.rows.map((row) => row.name));
      const named = documentedNames(model).filter(
        (name) => schemas.has(name.split('.')[0] as string) && !functionNames.has(name),
      );
      expect(named.length).toBeGreaterThan(20);
      const missing = named.filter((name) => !existing.has(name));
      expect(
        missing,
        `docs/data-model.md names tables or views that do not exist: ${missing.join(', ')}`,
      ).toEqual([]);

      const section = model.slice(model.indexOf('## Audit log'), model.indexOf('## Text search'));
      const listed = [...section.matchAll(/`([a-z_]+\.[a-z_]+)`/g)]
        .map((match) => match[1] as string)
        .filter((name) => existing.has(name) && !['ref.crs', 'auth.role'].includes(name));
      const tables = await client.query<{ name: string }>(
        `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'public', 'topology', 'tiger')
           AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'audit_change')`,
      );
      const unaudited = tables.rows.map((row) => row.name).sort();
      expect(unaudited, 'tables without audit triggers vs. the list in docs/data-model.md').toEqual(
        [...new Set(listed)].sort(),
      );
    } finally {
      await client.end();
    }
  });
});
