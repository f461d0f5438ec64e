-- The runs page's "input contains" filter (ILIKE '%text%' on the trigger input) needs a trigram
-- index: without one, a rare value (an order id) makes Postgres read every run (1.7 s at 1 M runs).
-- pg_trgm ships with PostgreSQL (the embedded one has it) and is a trusted extension since 13,
-- so a database owner may create it. Where it can't be created (a server without contrib),
-- the filter still works, unindexed: nothing else depends on it.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN others THEN
  RAISE NOTICE 'pg_trgm is not available (%): the runs page searches trigger inputs without an index', SQLERRM;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS "runs_input_trgm_idx" ON "runs" USING gin (("trigger_payload"::text) gin_trgm_ops);
  END IF;
END $$;
