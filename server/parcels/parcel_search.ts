import type pg from 'pg';
import type { ParcelSearchHit } from '../../core/api/parcel_search_hit';

/** Escapes LIKE wildcards so user text matches literally. */
const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);

const hitColumns = `p.parcel_id, u.code AS commune_code, u.name AS commune_name, p.sheet_no, p.parcel_no,
  ARRAY[ST_XMin(b), ST_YMin(b), ST_XMax(b), ST_YMax(b)] AS bbox`;

const toHit = (row: Record<string, unknown>): ParcelSearchHit => ({
  parcelId: Number(row.parcel_id),
  commune: { code: String(row.commune_code), name: String(row.commune_name) },
  sheetNo: Number(row.sheet_no),
  parcelNo: Number(row.parcel_no),
  bbox: (row.bbox as number[]).map(Number) as ParcelSearchHit['bbox'],
  ...(row.holder_names ? { holderNames: row.holder_names as string[] } : {}),
});

/**
 * Current parcels by commune (5-digit code, or part of its name without diacritics),
 * optionally sheet and parcel number. Public data only: safe for the public role.
 */
export async function searchParcelsByNumber(
  db: pg.ClientBase | pg.Pool,
  query: {
    commune: string;
    sheetNo?: number | undefined;
    parcelNo?: number | undefined;
    limit: number;
  },
): Promise<ParcelSearchHit[]> {
  const { rows } = await db.query(
    `SELECT ${hitColumns}
     FROM cadastre.public_parcel p
     JOIN admin.unit u ON u.id = p.commune_id
     CROSS JOIN LATERAL ST_Transform(ST_Envelope(p.geom), 4326) AS b
     WHERE (u.code = $1 OR ref.fold_text(u.name) LIKE '%' || ref.fold_text($2) || '%')
       AND ($3::int IS NULL OR p.sheet_no = $3)
       AND ($4::int IS NULL OR p.parcel_no = $4)
     ORDER BY u.code, p.sheet_no, p.parcel_no
     LIMIT $5`,
    [
      query.commune,
      likeLiteral(query.commune),
      query.sheetNo ?? null,
      query.parcelNo ?? null,
      query.limit,
    ],
  );
  return rows.map(toHit);
}

/**
 * Current parcels whose current holders' names contain `name`, ignoring case and
 * Vietnamese diacritics ("nguyen van hung" finds "Nguyễn Văn Hùng"). Personal data:
 * only for users allowed to read holders; `communeIds` (null = all) limits the communes.
 */
export async function searchParcelsByHolder(
  db: pg.ClientBase | pg.Pool,
  query: { name: string; communeIds: number[] | null; limit: number },
): Promise<ParcelSearchHit[]> {
  const { rows } = await db.query(
    `SELECT ${hitColumns}, array_agg(DISTINCT pa.full_name) AS holder_names
     FROM registry.party pa
     JOIN registry.parcel_right r ON r.party_id = pa.id AND upper_inf(r.valid)
     JOIN cadastre.public_parcel p ON p.parcel_id = r.parcel_id
     JOIN admin.unit u ON u.id = p.commune_id
     CROSS JOIN LATERAL ST_Transform(ST_Envelope(p.geom), 4326) AS b
     WHERE ref.fold_text(pa.full_name) LIKE '%' || ref.fold_text($1) || '%'
       AND ($2::int[] IS NULL OR p.commune_id = ANY($2))
     GROUP BY p.parcel_id, u.code, u.name, p.sheet_no, p.parcel_no, b
     ORDER BY u.code, p.sheet_no, p.parcel_no
     LIMIT $3`,
    [likeLiteral(query.name), query.communeIds, query.limit],
  );
  return rows.map(toHit);
}
