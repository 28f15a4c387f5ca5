-- The overview (land use dissolved per commune and main use): coarse at zoom 11, simplified at 12, exact from 13, so no tile passes 500 KB. $1-$3 z/x/y, $4 extent, $5 buffer.
SELECT ST_AsMVT(tile, 'landuse', $4, 'geom')
FROM (
  SELECT o.code, u.code AS commune_code, o.parcels, round((o.area / 10000)::numeric, 1)::float8 AS area_ha,
         ST_AsMVTGeom(CASE WHEN $1 <= 11 THEN o.coarse WHEN $1 = 12 THEN o.simplified ELSE o.geom_3857 END,
                      ST_TileEnvelope($1, $2, $3), $4, $5, true) AS geom
  FROM tiles.landuse_overview o
  JOIN admin.unit u ON u.id = o.commune_id
  WHERE o.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => $5::float8 / $4)
) AS tile
