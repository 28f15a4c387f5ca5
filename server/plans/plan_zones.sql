-- The zones of one plan as a GeoJSON FeatureCollection in WGS84, disclosed or not (staff preview).
SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
         'type', 'Feature', 'id', z.id,
         'geometry', ST_AsGeoJSON(ST_Transform(z.geom, 4326), 7)::json,
         'properties', json_build_object(
           'planned_use_code', z.planned_use_code, 'name', z.name, 'commune_code', u.code,
           'zone_srid', z.zone_srid, 'area_m2', round(z.area::numeric, 1),
           'withheld', z.withheld, 'disclosed', z.disclosed, 'published_at', z.published_at))
         ORDER BY z.id), '[]')) AS collection
FROM planning.plan_zone z
LEFT JOIN admin.unit u ON u.id = z.commune_id
WHERE z.plan_id = $1
