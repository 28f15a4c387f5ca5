-- Corrects the account given in 0001 (which cannot be edited): PostGIS 3 asks PROJ for
-- "auth_name:auth_srid" first, then srtext, and proj4text only when both fail. PROJ does
-- not know the DIAGIS authority, so every transformation of these zones is built from
-- srtext, whose TOWGS84 carries the official parameters (EPSG:6960) in the position-vector
-- convention; proj4text (the same numbers) is what proj4js in Node and the browser read.
-- tests/db/vn2000.test.ts checks both, for every zone, against an independent calculator.
COMMENT ON TABLE ref.crs IS
  'Coordinate systems accepted for legal geometry. spatial_ref_sys rows of these SRIDs have '
  'auth_name DIAGIS so PostGIS builds the transformation from srtext (official VN-2000 '
  'parameters), not from PROJ''s automatic EPSG pick (0.8 m off in the Mekong delta).';
