-- Land statistics: area by land-use code per commune, current or as of a date. The
-- function returns aggregates only, so the public role may call it without reading
-- versions or anything personal.
CREATE FUNCTION cadastre.land_use_statistics(p_commune_ids integer[], p_at timestamptz)
RETURNS TABLE (commune_id integer, code text, parcels bigint, area numeric)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public AS $$
  SELECT v.commune_id, lu.code, count(DISTINCT v.parcel_id), sum(lu.area)
  FROM cadastre.parcel_version v
  JOIN cadastre.parcel_land_use lu ON lu.version_id = v.id
  WHERE v.status = 'committed' AND v.valid @> p_at
    AND (p_commune_ids IS NULL OR v.commune_id = ANY (p_commune_ids))
  GROUP BY v.commune_id, lu.code
$$;
REVOKE ALL ON FUNCTION cadastre.land_use_statistics(integer[], timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cadastre.land_use_statistics(integer[], timestamptz) TO diagis_public;

-- A commune and every legacy commune it was formed from (parcels keep the unit they were
-- surveyed under).
CREATE FUNCTION admin.commune_with_predecessors(p_unit_id integer) RETURNS SETOF integer
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE formed(unit_id) AS (
    SELECT p_unit_id
    UNION
    SELECT s.predecessor_id FROM admin.unit_succession s JOIN formed ON s.successor_id = formed.unit_id
  )
  SELECT unit_id FROM formed
$$;
GRANT EXECUTE ON FUNCTION admin.commune_with_predecessors(integer) TO diagis_public;
