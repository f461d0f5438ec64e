-- Runs a process executes itself, without a queue job (webhook runs taken by the process that
-- accepted them): their owner's heartbeat row. The sweep of dead workers queues them when it goes.
ALTER TABLE "runs" ADD COLUMN "owner" text;--> statement-breakpoint
CREATE INDEX "runs_owner_idx" ON "runs" USING btree ("owner") WHERE owner is not null;