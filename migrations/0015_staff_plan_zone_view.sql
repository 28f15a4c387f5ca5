-- Every plan zone with its plan, for staff screens (the public reads planning.disclosed_zone).
CREATE VIEW planning.plan_zone_with_plan AS
  SELECT z.id, z.plan_id, p.name AS plan_name, p.decision_no, p.decision_date, p.status AS plan_status,
         z.planned_use_code, z.name, z.commune_id, z.zone_srid, z.geom, z.geom_3857, z.area,
         z.disclosed, z.published_at
  FROM planning.plan_zone z
  JOIN planning.plan p ON p.id = z.plan_id;
