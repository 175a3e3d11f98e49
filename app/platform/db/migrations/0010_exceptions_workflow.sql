CREATE TABLE "exception_events" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"exception_id" text NOT NULL,
	"case_id" text NOT NULL,
	"kind" text NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"before" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"after" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"bulk_id" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exception_sla_policies" (
	"org_id" text NOT NULL,
	"severity" text NOT NULL,
	"days" integer NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exception_sla_policies_org_id_severity_pk" PRIMARY KEY("org_id","severity")
);
--> statement-breakpoint
CREATE TABLE "manual_matches" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"source_exception_ids" text[] NOT NULL,
	"target_exception_ids" text[] NOT NULL,
	"currency" text NOT NULL,
	"source_total_minor" bigint NOT NULL,
	"target_total_minor" bigint NOT NULL,
	"difference_minor" bigint NOT NULL,
	"tolerance_minor" bigint NOT NULL,
	"forced" boolean DEFAULT false NOT NULL,
	"force_reason" text,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp (3) with time zone,
	"undone_by" text,
	CONSTRAINT "manual_matches_status_check" CHECK ("manual_matches"."status" in ('active', 'undone'))
);
--> statement-breakpoint
CREATE TABLE "reconciliations" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"source_file_id" text NOT NULL,
	"target_file_id" text NOT NULL,
	"rule_set_id" text NOT NULL,
	"source_adapter" text,
	"target_adapter" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"stream_id" text,
	"stream_run_id" text,
	"step_run_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	CONSTRAINT "reconciliations_status_check" CHECK ("reconciliations"."status" in ('pending', 'running', 'completed', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "severity_rank" smallint GENERATED ALWAYS AS ((case severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "case_id" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "superseded_by_id" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "assignee_id" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "due_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "resolution_code" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "resolution_note" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "resolved_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "resolved_by" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "resolved_in_run_id" text;--> statement-breakpoint
ALTER TABLE "exceptions" ADD COLUMN "manual_match_id" text;--> statement-breakpoint
ALTER TABLE "exception_events" ADD CONSTRAINT "exception_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exception_events" ADD CONSTRAINT "exception_events_exception_id_exceptions_id_fk" FOREIGN KEY ("exception_id") REFERENCES "public"."exceptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exception_sla_policies" ADD CONSTRAINT "exception_sla_policies_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "manual_matches" ADD CONSTRAINT "manual_matches_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_source_file_id_uploaded_files_id_fk" FOREIGN KEY ("source_file_id") REFERENCES "public"."uploaded_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_target_file_id_uploaded_files_id_fk" FOREIGN KEY ("target_file_id") REFERENCES "public"."uploaded_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_rule_set_id_rule_sets_id_fk" FOREIGN KEY ("rule_set_id") REFERENCES "public"."rule_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_stream_id_reconciliation_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."reconciliation_streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_stream_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("stream_run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliations" ADD CONSTRAINT "reconciliations_step_run_id_reconciliation_step_runs_id_fk" FOREIGN KEY ("step_run_id") REFERENCES "public"."reconciliation_step_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exception_events_case_idx" ON "exception_events" USING btree ("org_id","case_id","id");--> statement-breakpoint
CREATE INDEX "exception_events_exception_idx" ON "exception_events" USING btree ("org_id","exception_id","id");--> statement-breakpoint
CREATE INDEX "manual_matches_org_idx" ON "manual_matches" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "reconciliations_org_idx" ON "reconciliations" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "exceptions_current_status_id_idx" ON "exceptions" USING btree ("org_id","status","id") WHERE superseded_by_id is null;--> statement-breakpoint
CREATE INDEX "exceptions_current_status_amount_idx" ON "exceptions" USING btree ("org_id","status","amount_minor","id") WHERE superseded_by_id is null;--> statement-breakpoint
CREATE INDEX "exceptions_current_status_age_idx" ON "exceptions" USING btree ("org_id","status","first_seen_at","id") WHERE superseded_by_id is null;--> statement-breakpoint
CREATE INDEX "exceptions_current_status_severity_idx" ON "exceptions" USING btree ("org_id","status","severity_rank","id") WHERE superseded_by_id is null;--> statement-breakpoint
CREATE INDEX "exceptions_assignee_idx" ON "exceptions" USING btree ("org_id","assignee_id","status","id") WHERE assignee_id is not null;--> statement-breakpoint
CREATE INDEX "exceptions_stream_idx" ON "exceptions" USING btree ("org_id","stream_id","id");--> statement-breakpoint
CREATE INDEX "exceptions_reconciliation_idx" ON "exceptions" USING btree ("org_id","reconciliation_id","id") WHERE reconciliation_id is not null;--> statement-breakpoint
CREATE INDEX "exceptions_case_idx" ON "exceptions" USING btree ("org_id","case_id");--> statement-breakpoint
CREATE INDEX "exceptions_manual_match_idx" ON "exceptions" USING btree ("org_id","manual_match_id") WHERE manual_match_id is not null;