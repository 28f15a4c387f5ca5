-- Diacritics-insensitive search for Vietnamese names ("nguyen van hung" finds "Nguyễn Văn Hùng").
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (its dictionary could change); pinning the dictionary makes
-- this wrapper safe to index. Folds case and every Vietnamese diacritic, đ included.
CREATE FUNCTION ref.fold_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT lower(public.unaccent('public.unaccent'::regdictionary, value))
$$;

CREATE INDEX party_full_name_folded_idx ON registry.party USING gin (ref.fold_text(full_name) gin_trgm_ops);
CREATE INDEX unit_name_folded_idx ON admin.unit USING gin (ref.fold_text(name) gin_trgm_ops);
