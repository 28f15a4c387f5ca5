import type pg from 'pg';

/** A commune's mark as remote or difficult, as the administrator set it. */
export interface RemoteArea {
  id: number;
  code: string;
  name: string;
  remoteArea: boolean;
  remoteAreaBasis: string | null;
}

/**
 * Marks the commune `communeId` (a commune valid on `day`) as remote or difficult or
 * clears the mark, with the decision it rests on; undefined when there is no such
 * commune. Dossiers received afterwards get the procedure's extra working days; those
 * already received keep their due date.
 */
export async function setRemoteArea(
  client: pg.ClientBase,
  args: { communeId: number; remote: boolean; basis: string | null; day: string },
): Promise<RemoteArea | undefined> {
  // Only current communes carry the mark: dossiers are received for current communes.
  const { rows } = await client.query(
    `UPDATE admin.unit SET remote_area = $2, remote_area_basis = $3
     WHERE id = $1 AND level = 'commune' AND valid @> $4::date
     RETURNING id, code, name, remote_area, remote_area_basis`,
    [args.communeId, args.remote, args.remote ? args.basis : null, args.day],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    remoteArea: row.remote_area,
    remoteAreaBasis: row.remote_area_basis,
  };
}
