-- Current parcels of one tile: numbers, main and all uses, areas, never holders. The && on geom_3857 uses the partial GiST index of current versions. $1-$3 z/x/y, $4 extent, $5 buffer. A second MVT layer, parcel_labels, holds one point per parcel, only in the tile that contains it, so labels never repeat at tile edges.
WITH parcel AS (
  SELECT p.parcel_id, p.commune_code, p.sheet_no, p.parcel_no, p.main_use, p.uses,
         p.legal_area, p.computed_area, p.geom_3857
  FROM tiles.parcel_feature p
  WHERE p.geom_3857 && ST_TileEnvelope($1, $2, $3, margin => $5::float8 / $4::int)
)
SELECT (SELECT ST_AsMVT(tile, 'parcels', $4::int, 'geom', 'id')
        FROM (SELECT parcel_id AS id, commune_code, sheet_no, parcel_no, main_use, uses,
                     legal_area::float8 AS legal_area, computed_area::float8 AS computed_area,
                     ST_AsMVTGeom(geom_3857, ST_TileEnvelope($1, $2, $3), $4::int, $5::int, true) AS geom
              FROM parcel) AS tile)
    || (SELECT ST_AsMVT(label, 'parcel_labels', $4::int, 'geom', 'id')
        FROM (SELECT parcel_id AS id, sheet_no, parcel_no,
                     ST_AsMVTGeom(point, ST_TileEnvelope($1, $2, $3), $4::int, 0, true) AS geom
              FROM parcel
              CROSS JOIN LATERAL ST_PointOnSurface(geom_3857) AS point
              WHERE point && ST_TileEnvelope($1, $2, $3)) AS label)
