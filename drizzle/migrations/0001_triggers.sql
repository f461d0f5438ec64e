CREATE TABLE "schedule_fires" (
	"workflow_id" text NOT NULL,
	"node_id" text NOT NULL,
	"fire_at" timestamp (3) with time zone NOT NULL,
	"run_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "schedule_fires_workflow_id_node_id_fire_at_pk" PRIMARY KEY("workflow_id","node_id","fire_at")
);
--> statement-breakpoint
CREATE TABLE "trigger_state" (
	"workflow_id" text NOT NULL,
	"node_id" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trigger_state_workflow_id_node_id_pk" PRIMARY KEY("workflow_id","node_id")
);
--> statement-breakpoint
ALTER TABLE "schedule_fires" ADD CONSTRAINT "schedule_fires_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trigger_state" ADD CONSTRAINT "trigger_state_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;