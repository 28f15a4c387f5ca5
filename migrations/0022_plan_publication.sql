-- Plan publication workflow: zones an admin keeps back when a plan is published, the reason
-- a plan was withdrawn, and the published plans with their legend for the public portal.
ALTER TABLE planning.plan
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN withdrawal_reason text;

-- Set while the plan is a draft: publishing discloses every zone that is not withheld
-- (e.g. defence land). After publication `disclosed` is what counts.
ALTER TABLE planning.plan_zone ADD COLUMN withheld boolean NOT NULL DEFAULT false;
UPDATE planning.plan_zone z SET withheld = true
FROM planning.plan p
WHERE p.id = z.plan_id AND p.status = 'published' AND NOT z.disclosed;

-- Published plans and, per planned use, the disclosed zones and their area (the legend).
CREATE VIEW planning.public_plan AS
  SELECT p.id, p.name, p.kind, p.period_start, p.period_end, p.decision_no, p.decision_date,
         p.approved_by, p.published_at,
         (SELECT coalesce(jsonb_agg(jsonb_build_object(
                    'code', l.code, 'nameVi', c.name_vi, 'nameEn', c.name_en, 'color', c.color,
                    'zones', l.zones, 'areaHa', round((l.area / 10000)::numeric, 2))
                  ORDER BY c.sort_order), '[]')
            FROM (SELECT d.planned_use_code AS code, count(*) AS zones, sum(d.area) AS area
                    FROM planning.disclosed_zone d WHERE d.plan_id = p.id
                   GROUP BY d.planned_use_code) AS l
            JOIN ref.land_use_code c ON c.code = l.code) AS legend
  FROM planning.plan p
  WHERE p.status = 'published';

GRANT SELECT ON planning.public_plan TO diagis_public;
