-- Current parcels of one tile: numbers, main and all uses, areas, never holders. The && on geom_3857 uses the partial GiST index of current versions. $1-$3 z/x/y, $4 extent, $5 buffer.
SELECT ST_AsMVT(tile, 'parcels', $4, 'geom', 'id')
FROM (
  SELECT p.parcel_id AS id, p.commune_code, p.sheet_no, p.parcel_no, p.main_use, p.uses,
         p.legal_area::float8 AS legal_area, p.computed_area::float8 AS computed_area,
         ST_AsMVTGeom(p.geom_3857, ST_TileEnvelope($1, $2, $3), $4, $5, true) AS geom
  FROM tiles.parcel_feature p
  WHERE p.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => $5::float8 / $4)
) AS tile
