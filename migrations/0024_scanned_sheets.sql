-- Scanned paper map sheets, georeferenced by a world file or ground control points and
-- served as raster tiles to staff (paper sheets can show holders' names: no public grant).
CREATE TABLE cadastre.scanned_sheet (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The digital map sheet this scan is of, when there is one.
  map_sheet_id integer REFERENCES cadastre.map_sheet (id),
  -- The commune the sheet was surveyed under (legacy units included) and its number on it.
  commune_id integer REFERENCES admin.unit (id),
  sheet_no integer CHECK (sheet_no > 0),
  title text,
  zone_srid integer NOT NULL REFERENCES ref.crs (srid),
  -- Pixel -> zone: x = a*col + b*row + c, y = d*col + e*row + f, with (0, 0) the top-left
  -- corner of the top-left pixel (world files give the pixel centre; converted on import).
  transform double precision[] NOT NULL CHECK (array_length(transform, 1) = 6),
  georef_method text NOT NULL CHECK (georef_method IN ('world_file', 'gcp')),
  -- Control points with their residuals in metres: [{id, col, row, x, y, dx, dy, residual}].
  gcps jsonb CHECK (gcps IS NULL OR jsonb_typeof(gcps) = 'array'),
  gcp_rms double precision CHECK (gcp_rms >= 0),
  CHECK ((georef_method = 'gcp') = (gcps IS NOT NULL AND gcp_rms IS NOT NULL)),
  footprint geometry(Polygon) NOT NULL CHECK (ST_SRID(footprint) = zone_srid),
  footprint_3857 geometry(Polygon, 3857) GENERATED ALWAYS AS (ST_Transform(footprint, 3857)) STORED,
  -- The normalised sheet (tiled pyramidal TIFF) relative to the scan store, named by its SHA-256.
  file_path text NOT NULL CHECK (file_path ~ '^[0-9a-f]{2}/[0-9a-f]{64}\.tif$'),
  file_sha256 text NOT NULL CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_size bigint NOT NULL CHECK (file_size > 0),
  source_file_name text NOT NULL,
  source_sha256 text NOT NULL CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
  source_format text NOT NULL CHECK (source_format IN ('jpeg', 'png', 'tiff')),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  -- Ground size of one pixel along the image's columns and rows, metres.
  pixel_size_x double precision NOT NULL CHECK (pixel_size_x > 0),
  pixel_size_y double precision NOT NULL CHECK (pixel_size_y > 0),
  status text NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'withdrawn')),
  uploaded_by integer REFERENCES auth.app_user (id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  replaced_at timestamptz,
  CHECK (sheet_no IS NULL OR commune_id IS NOT NULL)
);
CREATE INDEX scanned_sheet_footprint_3857_idx ON cadastre.scanned_sheet USING gist (footprint_3857);
CREATE INDEX scanned_sheet_map_sheet_idx ON cadastre.scanned_sheet (map_sheet_id);
CREATE INDEX scanned_sheet_commune_idx ON cadastre.scanned_sheet (commune_id, sheet_no);

SELECT audit.enable('cadastre.scanned_sheet', 'id', '{footprint_3857}');
