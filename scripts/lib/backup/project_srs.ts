import type pg from 'pg';
import { inTransaction } from '../../../core/db/transaction';

/** One row of PostGIS's spatial_ref_sys. */
export interface SrsRow {
  srid: number;
  auth_name: string;
  auth_srid: number;
  srtext: string;
  proj4text: string;
}

// The project's own systems (migration 0001): every SRID diagis accepts and every row
// under the DIAGIS authority. pg_dump leaves out rows in the ranges PostGIS ships (3405
// and 5897 among them), so a plain restore gets them back as EPSG, 0.8 m off.
const readSql = `
  SELECT srid, auth_name, auth_srid, srtext, proj4text FROM public.spatial_ref_sys
  WHERE auth_name = 'DIAGIS' OR srid IN (SELECT srid FROM ref.crs)
  ORDER BY srid`;

// Puts a row back as it was, overwriting what the installed PostGIS ships for that SRID.
const upsertSql = `
  INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (srid) DO UPDATE
    SET auth_name = EXCLUDED.auth_name, auth_srid = EXCLUDED.auth_srid,
        srtext = EXCLUDED.srtext, proj4text = EXCLUDED.proj4text`;

const bySridSql = `
  SELECT srid, auth_name, auth_srid, srtext, proj4text FROM public.spatial_ref_sys
  WHERE srid = ANY($1::integer[])`;

/** The project's spatial_ref_sys rows (those of `ref.crs` and any DIAGIS row). */
export async function readProjectSrs(client: pg.ClientBase): Promise<SrsRow[]> {
  const { rows } = await client.query<SrsRow>(readSql);
  return rows;
}

/** Inserts or overwrites `rows` in spatial_ref_sys, in one transaction. */
export async function writeProjectSrs(client: pg.ClientBase, rows: SrsRow[]): Promise<void> {
  await inTransaction(client, async () => {
    for (const r of rows) {
      await client.query(upsertSql, [r.srid, r.auth_name, r.auth_srid, r.srtext, r.proj4text]);
    }
  });
}

/** One line per expected row that is missing or differs in the database; empty when all match. */
export async function compareProjectSrs(
  client: pg.ClientBase,
  expected: SrsRow[],
): Promise<string[]> {
  const { rows } = await client.query<SrsRow>(bySridSql, [expected.map((r) => r.srid)]);
  const found = new Map(rows.map((r) => [r.srid, r]));
  const problems: string[] = [];
  for (const want of expected) {
    const got = found.get(want.srid);
    if (!got) problems.push(`spatial_ref_sys: SRID ${want.srid} is missing`);
    else if (got.auth_name !== want.auth_name)
      problems.push(
        `spatial_ref_sys: SRID ${want.srid} has authority ${got.auth_name}, expected ${want.auth_name}`,
      );
    else if (got.srtext !== want.srtext || got.proj4text !== want.proj4text)
      problems.push(`spatial_ref_sys: SRID ${want.srid} has a different definition`);
  }
  return problems;
}
