import pg from 'pg';

// Every table that holds rows of its own, in every schema but the system ones (extension
// tables such as spatial_ref_sys included); populated materialized views too.
const tablesSql = `
  SELECT n.nspname AS schema, c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated))
    AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\\_%'
  ORDER BY 1, 2`;

/**
 * Row count of every table, keyed `schema.table`. Run inside a REPEATABLE READ transaction
 * to count one snapshot.
 */
export async function countTables(client: pg.ClientBase): Promise<Record<string, number>> {
  const { rows } = await client.query<{ schema: string; name: string }>(tablesSql);
  const counts: Record<string, number> = {};
  for (const { schema, name } of rows) {
    const table = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(name)}`;
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
    counts[`${schema}.${name}`] = Number(result.rows[0]?.n);
  }
  return counts;
}

/** One line per table missing, added or with another row count than `expected`. */
export function compareCounts(
  expected: Record<string, number>,
  actual: Record<string, number>,
): string[] {
  const problems: string[] = [];
  for (const [table, count] of Object.entries(expected)) {
    const got = actual[table];
    if (got === undefined) problems.push(`table ${table} is missing (${count} rows in the backup)`);
    else if (got !== count)
      problems.push(`table ${table} has ${got} rows, the backup has ${count}`);
  }
  for (const table of Object.keys(actual)) {
    if (!(table in expected)) problems.push(`table ${table} is not in the backup`);
  }
  return problems;
}
