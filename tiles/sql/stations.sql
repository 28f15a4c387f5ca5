-- Monitoring stations (the public view: no API key hash). $1-$3 z/x/y, $4 extent, $5 buffer.
SELECT ST_AsMVT(tile, 'stations', $4, 'geom', 'id')
FROM (
  SELECT s.id, s.code, s.name, s.medium, s.water_body, s.target_class, s.active,
         ST_AsMVTGeom(s.geom_3857, ST_TileEnvelope($1, $2, $3), $4, $5, true) AS geom
  FROM monitoring.public_station s
  WHERE s.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => $5::float8 / $4)
) AS tile
