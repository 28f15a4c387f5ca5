import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type pg from 'pg';
import type { Acknowledged, Session } from './load_mix';

/** Acknowledged writes found (or not) in the database after the run. */
export interface WriteCheck {
  edits: number;
  dossiers: number;
  /** One line per acknowledged write that is not in the database as acknowledged. */
  lost: string[];
}

/** Looks up every acknowledged edit (its version and legal area) and dossier (its receipt code). */
export async function checkAcknowledged(
  pool: pg.Pool,
  writes: Acknowledged[],
): Promise<WriteCheck> {
  const edits = writes.filter((write) => write.kind === 'edit');
  const dossiers = writes.filter((write) => write.kind === 'dossier');
  const lost: string[] = [];
  const { rows: versions } = await pool.query<{
    parcel_id: number;
    version_no: number;
    legal_area: string;
  }>(
    `SELECT v.parcel_id, v.version_no, v.legal_area::text
     FROM cadastre.parcel_version v
     JOIN unnest($1::bigint[], $2::int[]) AS e (parcel_id, version_no) USING (parcel_id, version_no)
     WHERE v.status = 'committed'`,
    [edits.map((edit) => edit.parcelId), edits.map((edit) => edit.versionNo)],
  );
  const found = new Map(
    versions.map((row) => [`${row.parcel_id}/${row.version_no}`, Number(row.legal_area)]),
  );
  for (const edit of edits) {
    const area = found.get(`${edit.parcelId}/${edit.versionNo}`);
    if (area !== edit.legalArea) {
      lost.push(
        `parcel ${edit.parcelId} v${edit.versionNo} legal area ${edit.legalArea}: found ${area ?? 'nothing'}`,
      );
    }
  }
  const { rows: stored } = await pool.query<{ id: number; receipt_code: string }>(
    'SELECT id, receipt_code FROM dossier.dossier WHERE id = ANY($1::bigint[])',
    [dossiers.map((dossier) => dossier.id)],
  );
  const codes = new Map(stored.map((row) => [Number(row.id), row.receipt_code]));
  for (const dossier of dossiers) {
    if (codes.get(dossier.id) !== dossier.receiptCode) {
      lost.push(
        `dossier ${dossier.id} (${dossier.receiptCode}): found ${codes.get(dossier.id) ?? 'nothing'}`,
      );
    }
  }
  return { edits: edits.length, dossiers: dossiers.length, lost };
}

/** The slippy-map tile holding a WGS84 position at zoom `z`. */
export const tileOf = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
};

/** The `legal_area` of one parcel in a public parcels tile, or undefined when it is not there. */
export async function legalAreaInTile(
  base: string,
  tile: { z: number; x: number; y: number },
  parcelId: number,
): Promise<number | undefined> {
  const response = await fetch(`${base}/tiles/parcels/${tile.z}/${tile.x}/${tile.y}.mvt`);
  if (response.status !== 200) return undefined;
  const layer = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer()))).layers
    .parcels;
  for (let i = 0; layer && i < layer.length; i++) {
    const feature = layer.feature(i);
    if (feature.id === parcelId) return Number(feature.properties.legal_area);
  }
  return undefined;
}

/**
 * Edits one parcel's legal area through process `writer` and reads its z17 tile from
 * process `reader` (which had the old tile cached) until the new value shows; returns the
 * milliseconds that took, or undefined when it did not show within 5 s.
 */
export async function crossProcessTileDelay(
  pool: pg.Pool,
  writer: { url: string; session: Session },
  reader: { url: string },
  parcel: { id: number },
): Promise<{ ms: number | undefined; parcelId: number }> {
  const { rows } = await pool.query<{
    lon: number;
    lat: number;
    version_no: number;
    legal_area: string;
  }>(
    `SELECT ST_X(c) AS lon, ST_Y(c) AS lat, p.version_no, p.legal_area::text
     FROM cadastre.current_parcel p
     CROSS JOIN LATERAL ST_Transform(ST_PointOnSurface(p.geom_3857), 4326) AS c
     WHERE p.parcel_id = $1`,
    [parcel.id],
  );
  const current = rows[0];
  if (!current) throw new Error(`parcel ${parcel.id} is not current`);
  const tile = { z: 17, ...tileOf(current.lon, current.lat, 17) };
  await legalAreaInTile(reader.url, tile, parcel.id);
  const legalArea = Number(current.legal_area) === 777.7 ? 888.8 : 777.7;
  const response = await fetch(`${writer.url}/api/parcels/${parcel.id}`, {
    method: 'PATCH',
    headers: {
      'Content-Type': 'application/json',
      Cookie: writer.session.cookie,
      'X-CSRF-Token': writer.session.csrfToken,
      'If-Match': `"v${current.version_no}"`,
    },
    body: JSON.stringify({ legalArea, reason: 'bench:load cross-process tile check' }),
  });
  if (response.status !== 200) throw new Error(`the check edit answered HTTP ${response.status}`);
  const acknowledged = performance.now();
  while (performance.now() - acknowledged < 5_000) {
    if ((await legalAreaInTile(reader.url, tile, parcel.id)) === legalArea) {
      return { ms: performance.now() - acknowledged, parcelId: parcel.id };
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { ms: undefined, parcelId: parcel.id };
}
