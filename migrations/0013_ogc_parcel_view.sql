-- The public parcel fields with up to three land uses as columns, for the OGC API - Features
-- endpoint. The LEFT JOINs hit the unique key (version_id, seq), so the planner drops them
-- when a query (counting, paging) does not read the land-use columns.
CREATE VIEW cadastre.ogc_parcel AS
  SELECT p.parcel_id, p.version_id, p.commune_code, p.commune_id, p.sheet_no, p.parcel_no,
         p.zone_srid, p.geom, p.geom_3857, p.computed_area, p.legal_area,
         lu1.code AS land_use_1, lu1.area AS land_use_area_1,
         lu2.code AS land_use_2, lu2.area AS land_use_area_2,
         lu3.code AS land_use_3, lu3.area AS land_use_area_3
  FROM cadastre.public_parcel p
  LEFT JOIN cadastre.parcel_land_use lu1 ON lu1.version_id = p.version_id AND lu1.seq = 1
  LEFT JOIN cadastre.parcel_land_use lu2 ON lu2.version_id = p.version_id AND lu2.seq = 2
  LEFT JOIN cadastre.parcel_land_use lu3 ON lu3.version_id = p.version_id AND lu3.seq = 3;

GRANT SELECT ON cadastre.ogc_parcel TO diagis_public;
