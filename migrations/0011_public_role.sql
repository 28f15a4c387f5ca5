-- The role that every anonymous (public) query runs under (SET LOCAL ROLE diagis_public).
-- It reads only views and tables without personal data; registry (holders) and auth are
-- out of its reach, so a public query that tried to join a holder fails instead of leaking.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'diagis_public') THEN
    CREATE ROLE diagis_public NOLOGIN;
  END IF;
END
$$;
GRANT diagis_public TO CURRENT_USER;

CREATE VIEW cadastre.public_parcel AS
  SELECT v.parcel_id, v.version_id, v.commune_code, v.commune_id, v.sheet_no, v.parcel_no,
         v.zone_srid, v.geom, v.geom_3857, round(v.computed_area::numeric, 1) AS computed_area,
         v.legal_area,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('code', lu.code, 'area', lu.area) ORDER BY lu.seq), '[]')
            FROM cadastre.parcel_land_use lu WHERE lu.version_id = v.version_id) AS land_uses
  FROM cadastre.current_parcel v;

CREATE VIEW monitoring.public_station AS
  SELECT id, code, name, medium, commune_id, water_body, standard_code, target_class, geom, geom_3857,
         operator, installed_on, active
  FROM monitoring.station;

-- What a citizen sees when tracking a dossier by receipt code: no applicant, no parcel.
CREATE VIEW dossier.public_status AS
  SELECT d.receipt_code, d.procedure_code, p.name_vi AS procedure_name_vi, p.name_en AS procedure_name_en,
         d.state, o.name AS current_office_name, d.received_at, d.due_at, d.completed_at
  FROM dossier.dossier d
  JOIN dossier.procedure p ON p.code = d.procedure_code
  JOIN org.office o ON o.id = d.current_office_id;

GRANT USAGE ON SCHEMA public, ref, admin, cadastre, planning, monitoring, dossier TO diagis_public;
GRANT SELECT ON public.spatial_ref_sys TO diagis_public;
GRANT SELECT ON ALL TABLES IN SCHEMA ref TO diagis_public;
GRANT SELECT ON admin.unit, admin.unit_succession TO diagis_public;
GRANT SELECT ON cadastre.public_parcel, cadastre.map_sheet TO diagis_public;
GRANT SELECT ON planning.disclosed_zone TO diagis_public;
GRANT SELECT ON monitoring.public_station, monitoring.parameter, monitoring.standard,
  monitoring.standard_limit, monitoring.observation TO diagis_public;
GRANT SELECT ON dossier.public_status, dossier.procedure, dossier.holiday TO diagis_public;
