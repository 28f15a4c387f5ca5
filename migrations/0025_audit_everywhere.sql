-- The audit triggers on the reference tables that lacked them: the VN-2000 zones diagis
-- accepts (a changed central meridian moves every parcel of a zone) and the roles.
-- Tables deliberately left without them, because they are logs, caches or bookkeeping
-- whose rows are themselves the record: audit.log (the log), auth.login_attempt (a log of
-- sign-ins), diagis_meta.migration (the runner's ledger), imports.job,
-- imports.feature_issue and imports.quarantine (the import report, written by the import
-- that the parcel versions name), tiles.change_log, tiles.landuse_dirty and
-- tiles.landuse_overview (derived caches).
SELECT audit.enable('ref.crs', 'srid');
SELECT audit.enable('auth.role', 'code');
