CREATE TABLE "alert_rules" (
	"scope" text PRIMARY KEY NOT NULL,
	"config" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracked_fields" (
	"id" text PRIMARY KEY NOT NULL,
	"workflow_id" text NOT NULL,
	"node_id" text NOT NULL,
	"field" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tracked_values" (
	"tracked_id" text NOT NULL,
	"run_id" text NOT NULL,
	"value" double precision NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tracked_values_tracked_id_run_id_pk" PRIMARY KEY("tracked_id","run_id")
);
--> statement-breakpoint
DROP INDEX "runs_workflow_created_idx";--> statement-breakpoint
ALTER TABLE "worker_heartbeats" ADD COLUMN "heartbeat_ms" integer DEFAULT 5000 NOT NULL;--> statement-breakpoint
ALTER TABLE "tracked_fields" ADD CONSTRAINT "tracked_fields_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tracked_values" ADD CONSTRAINT "tracked_values_tracked_id_tracked_fields_id_fk" FOREIGN KEY ("tracked_id") REFERENCES "public"."tracked_fields"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tracked_fields_step_field_idx" ON "tracked_fields" USING btree ("workflow_id","node_id","field");--> statement-breakpoint
CREATE INDEX "tracked_values_time_idx" ON "tracked_values" USING btree ("tracked_id","recorded_at");--> statement-breakpoint
CREATE INDEX "runs_created_idx" ON "runs" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_status_created_idx" ON "runs" USING btree ("status","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_trigger_created_idx" ON "runs" USING btree ("trigger_kind","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "runs_workflow_created_idx" ON "runs" USING btree ("workflow_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);