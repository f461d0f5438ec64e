CREATE TABLE "node_starts" (
	"run_id" text NOT NULL,
	"node_id" text NOT NULL,
	"attempt" integer NOT NULL,
	"started_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "node_starts_run_id_node_id_pk" PRIMARY KEY("run_id","node_id")
);
--> statement-breakpoint
ALTER TABLE "node_runs" ADD COLUMN "warnings" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "node_starts" ADD CONSTRAINT "node_starts_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;