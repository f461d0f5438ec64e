ALTER TABLE "node_output_pages" ALTER COLUMN "items" SET DATA TYPE json USING "items"::json;--> statement-breakpoint
ALTER TABLE "node_runs" ALTER COLUMN "output_preview" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "node_runs" ALTER COLUMN "output_preview" SET DATA TYPE json USING "output_preview"::json;--> statement-breakpoint
ALTER TABLE "node_runs" ALTER COLUMN "output_preview" SET DEFAULT '{}'::json;--> statement-breakpoint
ALTER TABLE "runs" ALTER COLUMN "trigger_payload" SET DATA TYPE json USING "trigger_payload"::json;
