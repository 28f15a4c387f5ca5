-- Map sheet footprints with the commune they were surveyed under, their number and scale. $1-$3 z/x/y, $4 extent, $5 buffer.
SELECT ST_AsMVT(tile, 'map_sheets', $4, 'geom', 'id')
FROM (
  SELECT s.id, u.code AS commune_code, s.sheet_no, s.scale,
         ST_AsMVTGeom(s.footprint_3857, ST_TileEnvelope($1, $2, $3), $4, $5, true) AS geom
  FROM cadastre.map_sheet s
  JOIN admin.unit u ON u.id = s.commune_id
  WHERE s.footprint_3857 && ST_TileEnvelope($1, $2, $3, margin => $5::float8 / $4)
) AS tile
