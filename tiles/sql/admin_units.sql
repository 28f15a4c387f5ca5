-- Province and commune boundaries in force today (districts were abolished on 1 July 2025). $1-$3 z/x/y, $4 extent, $5 buffer.
SELECT ST_AsMVT(tile, 'admin_units', $4, 'geom', 'id')
FROM (
  SELECT a.id, a.code, a.name, a.level, a.kind,
         ST_AsMVTGeom(a.geom_3857, ST_TileEnvelope($1, $2, $3), $4, $5, true) AS geom
  FROM admin.unit a
  WHERE a.level IN ('province', 'commune') AND a.valid @> current_date
    AND a.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => $5::float8 / $4)
) AS tile
