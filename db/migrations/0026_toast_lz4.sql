-- Custom SQL migration (drizzle-kit generate --custom): the large JSON values every submission
-- writes (the audit entries' before and after, the submitted copy, an Idempotency-Key's recorded
-- 201 body; 3-10 kB each for a response of 35 answers) are compressed with lz4 instead of
-- Postgres's default pglz, which cost about 0.2 ms of Postgres CPU per API submission (perf: 2-3 %
-- of the submitting backend's time) and is also slower to read back. Values already stored keep
-- their pglz compression and read as before. A Postgres built without lz4 (or PGlite) keeps pglz:
-- the change is skipped there, nothing else depends on it.
DO $$
BEGIN
  ALTER TABLE audit_log ALTER COLUMN before SET COMPRESSION lz4, ALTER COLUMN after SET COMPRESSION lz4;
  ALTER TABLE response_submissions ALTER COLUMN answers SET COMPRESSION lz4;
  ALTER TABLE idempotency_keys ALTER COLUMN response_body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  RAISE NOTICE 'lz4 is not available: large values stay compressed with pglz';
END $$;
