-- Plan zones for staff: every zone of a plan not withdrawn, disclosed or not, with the plan's status. $1-$3 z/x/y, $4 extent, $5 buffer.
SELECT ST_AsMVT(tile, 'plan_zones', $4, 'geom', 'id')
FROM (
  SELECT z.id, z.planned_use_code, z.name, p.name AS plan_name, p.decision_no,
         p.status AS plan_status, z.disclosed,
         ST_AsMVTGeom(z.geom_3857, ST_TileEnvelope($1, $2, $3), $4, $5, true) AS geom
  FROM planning.plan_zone z
  JOIN planning.plan p ON p.id = z.plan_id
  WHERE p.status <> 'withdrawn'
    AND z.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => $5::float8 / $4)
) AS tile
