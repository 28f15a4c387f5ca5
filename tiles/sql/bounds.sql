-- The WGS84 extent of a layer's data for TileJSON; the table and column come from the layer definitions (quoted), never from a request.
SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
FROM (SELECT ST_Transform(ST_SetSRID(ST_Extent(%COLUMN%)::geometry, 3857), 4326) AS e FROM %TABLE%) AS extent
