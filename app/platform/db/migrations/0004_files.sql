CREATE TABLE "uploaded_files" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"mime" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"status" text DEFAULT 'processing' NOT NULL,
	"kind" text DEFAULT 'upload' NOT NULL,
	"detected_schema" jsonb,
	"overrides" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"policy" text DEFAULT 'strict' NOT NULL,
	"row_count" bigint,
	"error_count" bigint DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rejected_lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"inbox" text,
	"duplicate_of" text,
	"retention_until" timestamp (3) with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"profiled_at" timestamp (3) with time zone,
	CONSTRAINT "uploaded_files_status_check" CHECK ("uploaded_files"."status" in ('processing', 'ready', 'failed')),
	CONSTRAINT "uploaded_files_kind_check" CHECK ("uploaded_files"."kind" in ('upload', 'artifact', 'snapshot')),
	CONSTRAINT "uploaded_files_policy_check" CHECK ("uploaded_files"."policy" in ('strict', 'lenient')),
	CONSTRAINT "uploaded_files_size_check" CHECK ("uploaded_files"."size" >= 0),
	CONSTRAINT "uploaded_files_sha256_check" CHECK ("uploaded_files"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "uploaded_files_revision_check" CHECK ("uploaded_files"."revision" >= 1)
);
--> statement-breakpoint
ALTER TABLE "uploaded_files" ADD CONSTRAINT "uploaded_files_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "uploaded_files" ADD CONSTRAINT "uploaded_files_duplicate_of_uploaded_files_id_fk" FOREIGN KEY ("duplicate_of") REFERENCES "public"."uploaded_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "uploaded_files_org_idx" ON "uploaded_files" USING btree ("org_id","id");--> statement-breakpoint
CREATE INDEX "uploaded_files_org_sha256_idx" ON "uploaded_files" USING btree ("org_id","sha256");--> statement-breakpoint
CREATE INDEX "uploaded_files_org_inbox_idx" ON "uploaded_files" USING btree ("org_id","inbox","created_at");--> statement-breakpoint
CREATE INDEX "uploaded_files_storage_key_idx" ON "uploaded_files" USING btree ("storage_key");