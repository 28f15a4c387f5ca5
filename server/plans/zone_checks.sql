-- Checks imported zone geometries before any is written: each must be valid in the zone's
-- VN-2000 plane and lie in the province (outside means a wrong CRS or swapped axes).
-- $1 GeoJSON geometries, $2 SRID of their coordinates, $3 the zones' native SRID.
WITH f AS (
  SELECT t.ord::int AS ord, ST_Transform(ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(t.g)), $2::int), $3::int) AS g
  FROM unnest($1::text[]) WITH ORDINALITY AS t(g, ord)
)
SELECT f.ord, ST_IsValid(f.g) AS valid, ST_IsValidReason(f.g) AS reason,
       EXISTS (SELECT 1 FROM admin.unit u
               WHERE u.level = 'province' AND u.geom_3857 && ST_Transform(f.g, 3857)
                 AND ST_Intersects(u.geom, ST_Transform(f.g, 4326))) AS inside,
       ST_X(ST_Transform(ST_PointOnSurface(ST_MakeValid(f.g)), 4326)) AS lon,
       ST_Y(ST_Transform(ST_PointOnSurface(ST_MakeValid(f.g)), 4326)) AS lat
FROM f
ORDER BY f.ord
