-- The run inspector lists the runs a step called (Run another workflow, Repeat until): found by
-- the parent run's id stored in the child's trigger payload. Without this index every open of a
-- run would read all called runs.
CREATE INDEX IF NOT EXISTS "runs_parent_run_idx" ON "runs" USING btree ((("trigger_payload"->'parent'->>'runId'))) WHERE "trigger_kind" = 'workflow';
