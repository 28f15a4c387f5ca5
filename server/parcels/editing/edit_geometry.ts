import type pg from 'pg';
import { HttpError } from '../../http/http_error';
import { type AreaGeometry, type CutLine, type RingProblem, ringProblems } from './geometry_input';
import type { Violation, ViolationLocation } from './rule_violation';

/** A geometry held between statements as hex EWKB: exact, with its SRID. */
export type Ewkb = string;

const fromEwkb = (param: string) => `ST_GeomFromEWKB(decode(${param}, 'hex'))`;

/** SQL that turns a point column `p` into the ViolationLocation columns lon, lat, x, y, srid. */
const locationColumns = (p: string) =>
  `ST_X(ST_Transform(${p}, 4326)) AS lon, ST_Y(ST_Transform(${p}, 4326)) AS lat,
   ST_X(${p}) AS x, ST_Y(${p}) AS y, ST_SRID(${p}) AS srid`;

const toLocation = (row: Record<string, unknown>): ViolationLocation => ({
  lon: Number(row.lon),
  lat: Number(row.lat),
  x: Number(row.x),
  y: Number(row.y),
  srid: Number(row.srid),
});

/** 400 unless `srid` is WGS84 or one of the project's VN-2000 zones. */
export async function assertKnownCrs(db: pg.ClientBase, srid: number): Promise<void> {
  if (srid === 4326) return;
  const { rowCount } = await db.query('SELECT 1 FROM ref.crs WHERE srid = $1', [srid]);
  if (!rowCount)
    throw new HttpError(
      400,
      `crs: ${srid} is not WGS84 (4326) or a VN-2000 zone of this project; see GET /api/crs`,
      'crs',
    );
}

/** Where ring problems are, as locations (the input CRS may be WGS84 or VN-2000). */
export async function ringViolations(
  db: pg.ClientBase,
  geometry: AreaGeometry,
  field: string,
  crs: number,
  parcelId: number | null,
): Promise<Violation[]> {
  const problems: RingProblem[] = ringProblems(geometry, field);
  const violations: Violation[] = [];
  for (const problem of problems) {
    const { rows } = await db.query(
      `SELECT ${locationColumns('p')} FROM ST_SetSRID(ST_MakePoint($1, $2), $3) p`,
      [problem.position[0], problem.position[1], crs],
    );
    violations.push({
      rule: problem.rule,
      parcelId,
      message: parcelId ? `parcel ${parcelId}: ${problem.message}` : problem.message,
      location: rows[0]
        ? toLocation(rows[0])
        : { lon: problem.position[0], lat: problem.position[1] },
    });
  }
  return violations;
}

/** The boundary in the zone plane `zoneSrid`, always a MultiPolygon. */
export async function areaInZone(
  db: pg.ClientBase,
  geometry: AreaGeometry,
  crs: number,
  zoneSrid: number,
): Promise<Ewkb> {
  const { rows } = await db.query(
    `SELECT encode(ST_AsEWKB(ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), $2::int), $3::int))), 'hex') AS g`,
    [JSON.stringify(geometry), crs, zoneSrid],
  );
  return rows[0].g;
}

/** The cutting line in the zone plane. */
export async function lineInZone(
  db: pg.ClientBase,
  line: CutLine,
  crs: number,
  zoneSrid: number,
): Promise<Ewkb> {
  const { rows } = await db.query(
    `SELECT encode(ST_AsEWKB(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($1), $2::int), $3::int)), 'hex') AS g`,
    [JSON.stringify(line), crs, zoneSrid],
  );
  return rows[0].g;
}

/**
 * SQL, true when the polygonal `g` vanishes when shrunk by `r` (no point of it is `r` or
 * more from its boundary), decided in linear time whenever one of three exact tests can.
 *
 * A negative buffer nodes the shrunk boundary against itself: on a zigzag whose edges
 * crowd closer than `r` (19,998 vertices 0.5 mm apart) every offset segment crosses a
 * hundred others, and GEOS took 30-53 s. So the buffer runs only when these O(n) tests
 * cannot decide: under the area of a disk of radius `r`, no such disk fits (it vanishes);
 * over `2 r perimeter + vertices π r²`, some point is farther than `r` from every edge,
 * because the points within `r` of a boundary lie in the union of its segments' `r`-wide
 * sausages (it does not); an interior point (PostGIS's point on surface, or the centroid
 * when it lies inside) `r` or more from the boundary (it does not: this settles a wide
 * parcel with a zigzag edge). Real parcels pass the second test (a
 * 2 m wide road has area/perimeter ≈ 1 m against 0.05 m); what is left is a true thin
 * strip, cheap to buffer, or a thin zigzag, which the edit's check budget stops.
 */
const vanishesWhenShrunk = (g: string, r: string) => `CASE
    WHEN ST_Area(${g}) < pi() * ${r} ^ 2 THEN true
    WHEN ST_Area(${g}) > 2 * ${r} * ST_Perimeter(${g}) + ST_NPoints(${g}) * pi() * ${r} ^ 2 THEN false
    WHEN ST_Distance(ST_PointOnSurface(${g}), ST_Boundary(${g})) >= ${r} THEN false
    WHEN ST_Intersects(ST_Centroid(${g}), ${g})
         AND ST_Distance(ST_Centroid(${g}), ST_Boundary(${g})) >= ${r} THEN false
    ELSE ST_IsEmpty(ST_Buffer(${g}, -${r})) END`;

/**
 * Validity (OGC: no self-intersection, closed rings, no spikes) with the PostGIS reason
 * and place, then slivers: any part that vanishes when shrunk by half of `sliverWidth`.
 */
export async function shapeViolations(
  db: pg.ClientBase,
  geometry: Ewkb,
  parcelId: number | null,
  sliverWidth: number,
  label = parcelId ? `parcel ${parcelId}` : 'the new parcel',
): Promise<Violation[]> {
  const { rows: validity } = await db.query(
    `SELECT d.valid, d.reason, ${locationColumns('ST_SetSRID(d.location, ST_SRID(g))')}
     FROM ${fromEwkb('$1')} g CROSS JOIN LATERAL ST_IsValidDetail(g) d`,
    [geometry],
  );
  const check = validity[0];
  if (check && !check.valid) {
    return [
      {
        rule: 'geometry.valid',
        parcelId,
        message: `${label} has an invalid boundary: ${check.reason}`,
        ...(check.lon === null ? {} : { location: toLocation(check) }),
      },
    ];
  }
  if (sliverWidth <= 0) return [];
  const { rows: slivers } = await db.query(
    `SELECT part.path[1] AS part, ${locationColumns('ST_PointOnSurface(part.geom)')}
     FROM ST_Dump(${fromEwkb('$1')}) part
     WHERE ${vanishesWhenShrunk('part.geom', '($2::float8 / 2)')}`,
    [geometry, sliverWidth],
  );
  return slivers.map((row) => ({
    rule: 'geometry.sliver' as const,
    parcelId,
    message: `${label} has a sliver (part ${row.part ?? 1}) narrower than ${sliverWidth} m everywhere`,
    location: toLocation(row),
  }));
}

// Current parcels near a geometry, except those the edit replaces, in the geometry's plane.
const neighboursSql = (geometryParam: string, reach: string) => `
  SELECT v.parcel_id, v.sheet_no, v.parcel_no, ST_Transform(v.geom, ST_SRID(${fromEwkb(geometryParam)})) AS geom
  FROM cadastre.parcel_version v
  WHERE v.status = 'committed' AND upper_inf(v.valid) AND v.parcel_id <> ALL($2::bigint[])
    AND v.geom_3857 && ST_Transform(ST_Expand(${fromEwkb(geometryParam)}, ${reach}), 3857)`;

/**
 * Moves vertices that lie within `tolerance` of a neighbour's vertex or edge onto it, so
 * shared boundaries match exactly (a WGS84 round trip or a shaky hand moves them by mm).
 */
export async function snapToNeighbours(
  db: pg.ClientBase,
  geometry: Ewkb,
  exclude: readonly number[],
  tolerance: number,
): Promise<Ewkb> {
  if (tolerance <= 0) return geometry;
  const { rows } = await db.query(
    `WITH n AS (${neighboursSql('$1', '$3::float8 * 2')})
     SELECT encode(ST_AsEWKB(CASE WHEN EXISTS (SELECT 1 FROM n)
              THEN ST_Multi(ST_CollectionExtract(ST_Snap(${fromEwkb('$1')}, (SELECT ST_Collect(geom) FROM n), $3), 3))
              ELSE ${fromEwkb('$1')} END), 'hex') AS g`,
    [geometry, exclude, tolerance],
  );
  return rows[0].g;
}

/**
 * Overlaps with current neighbours wider than `tolerance` (what is left after shrinking the
 * overlap by half the tolerance), each with the neighbour, the place and the overlap itself.
 */
export async function overlapViolations(
  db: pg.ClientBase,
  geometry: Ewkb,
  exclude: readonly number[],
  tolerance: number,
  label: string,
  parcelId: number | null,
): Promise<Violation[]> {
  const { rows } = await db.query(
    `WITH n AS (${neighboursSql('$1', '0')})
     SELECT n.parcel_id, n.sheet_no, n.parcel_no, ST_Area(o.geom) AS area,
            ST_AsGeoJSON(ST_Transform(o.geom, 4326), 9)::json AS overlap,
            ${locationColumns('ST_PointOnSurface(o.geom)')}
     FROM n
     CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(${fromEwkb('$1')}, n.geom), 3) AS geom) o
     WHERE ST_Intersects(${fromEwkb('$1')}, n.geom) AND NOT ST_IsEmpty(o.geom)
       AND NOT ${vanishesWhenShrunk('o.geom', '($3::float8 / 2)')}
     ORDER BY area DESC
     LIMIT 20`,
    [geometry, exclude, tolerance],
  );
  return rows.map((row) => ({
    rule: 'topology.overlap' as const,
    parcelId: parcelId ?? Number(row.parcel_id),
    message:
      `${label} overlaps parcel ${row.parcel_id} (sheet ${row.sheet_no}, no. ${row.parcel_no}) ` +
      `by ${Number(row.area).toFixed(2)} m2, wider than the ${tolerance} m tolerance`,
    location: toLocation(row),
    geometry: row.overlap,
  }));
}

/** Area in the zone plane and the WGS84 GeoJSON of a geometry, for previews and replies. */
export async function describeGeometry(
  db: pg.ClientBase,
  geometry: Ewkb,
): Promise<{ area: number; geojson: object }> {
  const { rows } = await db.query(
    `SELECT ST_Area(g) AS area, ST_AsGeoJSON(ST_Transform(g, 4326), 9)::json AS geojson
     FROM ${fromEwkb('$1')} g`,
    [geometry],
  );
  return { area: Number(rows[0].area), geojson: rows[0].geojson };
}

export { fromEwkb, locationColumns, toLocation };
