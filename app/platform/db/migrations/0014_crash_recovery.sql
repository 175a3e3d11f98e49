ALTER TABLE "worker_heartbeats" ADD COLUMN "job_worker_ids" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "uploaded_files" ADD COLUMN "profiling_worker_id" text;--> statement-breakpoint
ALTER TABLE "uploaded_files" ADD COLUMN "profiling_crashes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reconciliation_step_runs" ADD COLUMN "owner_worker_id" text;