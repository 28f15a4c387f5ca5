import type pg from 'pg';

import type { Role } from '../../core/auth/roles';

/** A signed-in user as every authorisation decision sees them. */
export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  office: { id: number; code: string; name: string; kind: string } | null;
  /**
   * The admin units (communes, legacy ones included) whose data this user may work on:
   * 'all' for the provincial office, the department and admins.
   */
  communeIds: 'all' | number[];
}

const officesWithProvinceWideReach = new Set(['provincial_lro', 'department']);

// One round trip: the user, the office and the communes it serves (expanded to the
// legacy communes they were merged from).
const principalQuery = `
  SELECT u.id, u.username, u.display_name, u.role,
         o.id AS office_id, o.code AS office_code, o.name AS office_name, o.kind AS office_kind,
         ARRAY(SELECT org.office_commune_ids(o.id)) AS commune_ids
  FROM auth.app_user u
  LEFT JOIN org.office o ON o.id = u.office_id
  WHERE u.id = $1 AND u.active`;

/** Loads the principal of an active user, or undefined when the user is gone or disabled. */
export async function loadPrincipal(
  db: pg.Pool | pg.ClientBase,
  userId: number,
): Promise<Principal | undefined> {
  const { rows } = await db.query(principalQuery, [userId]);
  const row = rows[0];
  if (!row) return undefined;
  const office = row.office_id
    ? { id: row.office_id, code: row.office_code, name: row.office_name, kind: row.office_kind }
    : null;
  const provinceWide =
    row.role === 'admin' || (office !== null && officesWithProvinceWideReach.has(office.kind));
  return {
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    office,
    communeIds: provinceWide ? 'all' : (row.commune_ids as number[]),
  };
}
