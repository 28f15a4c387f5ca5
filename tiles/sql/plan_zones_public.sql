-- Plan zones the public may see: only disclosed zones of published plans (planning.disclosed_zone). $1-$3 z/x/y, $4 extent, $5 buffer.
SELECT ST_AsMVT(tile, 'plan_zones', $4, 'geom', 'id')
FROM (
  SELECT z.id, z.planned_use_code, z.name, z.plan_name, z.decision_no,
         ST_AsMVTGeom(z.geom_3857, ST_TileEnvelope($1, $2, $3), $4, $5, true) AS geom
  FROM planning.disclosed_zone z
  WHERE z.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => $5::float8 / $4)
) AS tile
