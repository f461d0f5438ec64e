-- A step that runs once per incoming item (Browser: open page, "for each item") stores each
-- item's result as soon as it is done: a run resumed after a crash skips the items stored here.
CREATE TABLE IF NOT EXISTS "step_item_results" (
	"run_id" text NOT NULL,
	"node_id" text NOT NULL,
	"item_index" integer NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "step_item_results_run_id_node_id_item_index_pk" PRIMARY KEY("run_id","node_id","item_index")
);
--> statement-breakpoint
ALTER TABLE "step_item_results" ADD CONSTRAINT "step_item_results_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;
