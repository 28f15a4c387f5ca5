import pg from 'pg';

// Roles named by the grants (and policies) of this database's objects, e.g. diagis_public
// (migration 0011). Roles belong to the cluster, so a dump of one database leaves them out.
const neededRolesSql = `
  SELECT DISTINCT r.rolname AS name
  FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
  WHERE d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND d.refclassid = 'pg_authid'::regclass AND d.deptype IN ('a', 'r')
  ORDER BY 1`;

const roleStateSql = `
  SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1) AS present,
         EXISTS (SELECT FROM pg_roles WHERE rolname = $1)
           AND pg_has_role(current_user, $1, 'MEMBER') AS member`;

/** The cluster roles the database's grants name. */
export async function readNeededRoles(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(neededRolesSql);
  return rows.map((row) => row.name);
}

/**
 * Creates each missing role as NOLOGIN (passwords are not carried) and makes the current
 * user a member, as migration 0011 does for diagis_public, so `SET ROLE` works after the
 * restore. Returns the roles it created.
 */
export async function ensureRoles(client: pg.ClientBase, roles: string[]): Promise<string[]> {
  const created: string[] = [];
  for (const role of roles) {
    const { rows } = await client.query<{ present: boolean; member: boolean }>(roleStateSql, [
      role,
    ]);
    const state = rows[0];
    if (!state?.present) {
      await client.query(`CREATE ROLE ${pg.escapeIdentifier(role)} NOLOGIN`);
      created.push(role);
    }
    if (!state?.member) await client.query(`GRANT ${pg.escapeIdentifier(role)} TO CURRENT_USER`);
  }
  return created;
}
