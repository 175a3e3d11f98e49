CREATE TABLE "reconciliation_artifacts" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"run_id" text NOT NULL,
	"step_run_id" text NOT NULL,
	"file_id" text NOT NULL,
	"artifact_type" text NOT NULL,
	"storage_path" text NOT NULL,
	"checksum" text NOT NULL,
	"size" bigint NOT NULL,
	"row_count" bigint NOT NULL,
	"columns" jsonb NOT NULL,
	"retention_days" integer NOT NULL,
	"retention_until" timestamp (3) with time zone NOT NULL,
	"status" text DEFAULT 'available' NOT NULL,
	"purged_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliation_artifacts_type_check" CHECK ("reconciliation_artifacts"."artifact_type" in ('UNMATCHED_SOURCE', 'UNMATCHED_TARGET', 'MATCHED', 'EXCLUDED', 'EXCEPTIONS')),
	CONSTRAINT "reconciliation_artifacts_status_check" CHECK ("reconciliation_artifacts"."status" in ('available', 'purged'))
);
--> statement-breakpoint
CREATE TABLE "reconciliation_lineage_events" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"run_id" text NOT NULL,
	"from_type" text NOT NULL,
	"from_id" text NOT NULL,
	"to_type" text NOT NULL,
	"to_id" text NOT NULL,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"stream_id" text NOT NULL,
	"stream_version_id" text NOT NULL,
	"stream_version" integer NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"trigger" jsonb NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rerun_of" text,
	"metrics" jsonb,
	"failure" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	"cancel_requested_at" timestamp (3) with time zone,
	CONSTRAINT "reconciliation_runs_state_check" CHECK ("reconciliation_runs"."state" in ('queued', 'running', 'succeeded', 'failed', 'partially_succeeded', 'cancelling', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "reconciliation_step_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"run_id" text NOT NULL,
	"step_id" text NOT NULL,
	"step_key" text NOT NULL,
	"position" integer NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"idempotency_key" text,
	"rule_set_version_id" text,
	"resolved_inputs" jsonb,
	"metrics" jsonb,
	"attempts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"failure" jsonb,
	"dead_lettered_at" timestamp (3) with time zone,
	"next_attempt_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"finished_at" timestamp (3) with time zone,
	CONSTRAINT "reconciliation_step_runs_state_check" CHECK ("reconciliation_step_runs"."state" in ('pending', 'queued', 'running', 'retrying', 'succeeded', 'failed', 'skipped', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "reconciliation_steps" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"stream_version_id" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"rule_set_id" text NOT NULL,
	"rule_set_version" integer,
	"inputs" jsonb NOT NULL,
	"depends_on" text[] DEFAULT '{}'::text[] NOT NULL,
	"critical" boolean DEFAULT true NOT NULL,
	"retry" jsonb NOT NULL,
	"timeout_ms" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_stream_versions" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"stream_id" text NOT NULL,
	"version" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"definition_sha256" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_streams" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'active' NOT NULL,
	"system" boolean DEFAULT false NOT NULL,
	"latest_version" integer NOT NULL,
	"origin" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp (3) with time zone,
	CONSTRAINT "reconciliation_streams_status_check" CHECK ("reconciliation_streams"."status" in ('active', 'archived')),
	CONSTRAINT "reconciliation_streams_archived_at_check" CHECK (("reconciliation_streams"."status" = 'archived') = ("reconciliation_streams"."archived_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "stream_trigger_firings" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"trigger_id" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"run_id" text,
	"outcome" text NOT NULL,
	"detail" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stream_triggers" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"stream_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"enabled" boolean DEFAULT true NOT NULL,
	"config" jsonb NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secret_ciphertext" text,
	"last_tick_at" timestamp (3) with time zone,
	"next_fire_at" timestamp (3) with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stream_triggers_kind_check" CHECK ("stream_triggers"."kind" in ('schedule', 'inbox', 'webhook', 'run_completion'))
);
--> statement-breakpoint
CREATE TABLE "exceptions" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"stream_id" text NOT NULL,
	"stream_run_id" text NOT NULL,
	"step_run_id" text NOT NULL,
	"step_key" text NOT NULL,
	"ordinal" bigint NOT NULL,
	"reconciliation_id" text,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"pass" text,
	"message" text NOT NULL,
	"amount_minor" bigint,
	"amount_difference_minor" bigint,
	"currency" text,
	"source_rows" jsonb NOT NULL,
	"target_rows" jsonb NOT NULL,
	"reason" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"first_seen_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exceptions_status_check" CHECK ("exceptions"."status" in ('open', 'in_review', 'resolved', 'written_off', 'ignored'))
);
--> statement-breakpoint
ALTER TABLE "reconciliation_artifacts" ADD CONSTRAINT "reconciliation_artifacts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_artifacts" ADD CONSTRAINT "reconciliation_artifacts_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_artifacts" ADD CONSTRAINT "reconciliation_artifacts_step_run_id_reconciliation_step_runs_id_fk" FOREIGN KEY ("step_run_id") REFERENCES "public"."reconciliation_step_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_artifacts" ADD CONSTRAINT "reconciliation_artifacts_file_id_uploaded_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."uploaded_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_lineage_events" ADD CONSTRAINT "reconciliation_lineage_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_lineage_events" ADD CONSTRAINT "reconciliation_lineage_events_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_stream_id_reconciliation_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."reconciliation_streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_stream_version_id_reconciliation_stream_versions_id_fk" FOREIGN KEY ("stream_version_id") REFERENCES "public"."reconciliation_stream_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_runs" ADD CONSTRAINT "reconciliation_runs_rerun_of_reconciliation_runs_id_fk" FOREIGN KEY ("rerun_of") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_step_runs" ADD CONSTRAINT "reconciliation_step_runs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_step_runs" ADD CONSTRAINT "reconciliation_step_runs_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_step_runs" ADD CONSTRAINT "reconciliation_step_runs_step_id_reconciliation_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."reconciliation_steps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_step_runs" ADD CONSTRAINT "reconciliation_step_runs_rule_set_version_id_rule_set_versions_id_fk" FOREIGN KEY ("rule_set_version_id") REFERENCES "public"."rule_set_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_steps" ADD CONSTRAINT "reconciliation_steps_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_steps" ADD CONSTRAINT "reconciliation_steps_stream_version_id_reconciliation_stream_versions_id_fk" FOREIGN KEY ("stream_version_id") REFERENCES "public"."reconciliation_stream_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_steps" ADD CONSTRAINT "reconciliation_steps_rule_set_id_rule_sets_id_fk" FOREIGN KEY ("rule_set_id") REFERENCES "public"."rule_sets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_stream_versions" ADD CONSTRAINT "reconciliation_stream_versions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_stream_versions" ADD CONSTRAINT "reconciliation_stream_versions_stream_id_reconciliation_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."reconciliation_streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconciliation_streams" ADD CONSTRAINT "reconciliation_streams_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_trigger_firings" ADD CONSTRAINT "stream_trigger_firings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_trigger_firings" ADD CONSTRAINT "stream_trigger_firings_trigger_id_stream_triggers_id_fk" FOREIGN KEY ("trigger_id") REFERENCES "public"."stream_triggers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_trigger_firings" ADD CONSTRAINT "stream_trigger_firings_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_triggers" ADD CONSTRAINT "stream_triggers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stream_triggers" ADD CONSTRAINT "stream_triggers_stream_id_reconciliation_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."reconciliation_streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_stream_id_reconciliation_streams_id_fk" FOREIGN KEY ("stream_id") REFERENCES "public"."reconciliation_streams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_stream_run_id_reconciliation_runs_id_fk" FOREIGN KEY ("stream_run_id") REFERENCES "public"."reconciliation_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exceptions" ADD CONSTRAINT "exceptions_step_run_id_reconciliation_step_runs_id_fk" FOREIGN KEY ("step_run_id") REFERENCES "public"."reconciliation_step_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_artifacts_step_type_key" ON "reconciliation_artifacts" USING btree ("step_run_id","artifact_type");--> statement-breakpoint
CREATE INDEX "reconciliation_artifacts_org_idx" ON "reconciliation_artifacts" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "reconciliation_artifacts_run_idx" ON "reconciliation_artifacts" USING btree ("org_id","run_id");--> statement-breakpoint
CREATE INDEX "reconciliation_artifacts_retention_idx" ON "reconciliation_artifacts" USING btree ("status","retention_until");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_lineage_edge_key" ON "reconciliation_lineage_events" USING btree ("run_id","from_type","from_id","to_type","to_id");--> statement-breakpoint
CREATE INDEX "reconciliation_lineage_run_idx" ON "reconciliation_lineage_events" USING btree ("org_id","run_id");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_org_idx" ON "reconciliation_runs" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_stream_idx" ON "reconciliation_runs" USING btree ("org_id","stream_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_step_runs_run_step_key" ON "reconciliation_step_runs" USING btree ("run_id","step_key");--> statement-breakpoint
CREATE INDEX "reconciliation_step_runs_org_idx" ON "reconciliation_step_runs" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "reconciliation_step_runs_running_idx" ON "reconciliation_step_runs" USING btree ("org_id","state");--> statement-breakpoint
CREATE INDEX "reconciliation_step_runs_dead_letter_idx" ON "reconciliation_step_runs" USING btree ("org_id","dead_lettered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_steps_key" ON "reconciliation_steps" USING btree ("stream_version_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_stream_versions_key" ON "reconciliation_stream_versions" USING btree ("stream_id","version");--> statement-breakpoint
CREATE INDEX "reconciliation_streams_org_idx" ON "reconciliation_streams" USING btree ("org_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stream_trigger_firings_dedupe_key" ON "stream_trigger_firings" USING btree ("trigger_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "stream_trigger_firings_org_idx" ON "stream_trigger_firings" USING btree ("org_id","trigger_id","id");--> statement-breakpoint
CREATE INDEX "stream_triggers_org_idx" ON "stream_triggers" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "stream_triggers_due_idx" ON "stream_triggers" USING btree ("kind","enabled","next_fire_at");--> statement-breakpoint
CREATE UNIQUE INDEX "exceptions_step_run_ordinal_key" ON "exceptions" USING btree ("step_run_id","ordinal");--> statement-breakpoint
CREATE INDEX "exceptions_org_idx" ON "exceptions" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "exceptions_run_idx" ON "exceptions" USING btree ("org_id","stream_run_id","id");--> statement-breakpoint
CREATE INDEX "exceptions_step_run_idx" ON "exceptions" USING btree ("org_id","step_run_id","id");