CREATE TABLE "data_source_snapshots" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"data_source_id" text NOT NULL,
	"file_id" text NOT NULL,
	"query" text,
	"source_url" text,
	"row_count" bigint NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_source_snapshots_row_count_check" CHECK ("data_source_snapshots"."row_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "data_sources" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"settings" jsonb NOT NULL,
	"credentials" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	CONSTRAINT "data_sources_kind_check" CHECK ("data_sources"."kind" in ('postgres', 'mysql', 'http')),
	CONSTRAINT "data_sources_deleted_credentials_check" CHECK ("data_sources"."deleted_at" is null or "data_sources"."credentials" = '{}'::jsonb)
);
--> statement-breakpoint
ALTER TABLE "data_source_snapshots" ADD CONSTRAINT "data_source_snapshots_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_source_snapshots" ADD CONSTRAINT "data_source_snapshots_data_source_id_data_sources_id_fk" FOREIGN KEY ("data_source_id") REFERENCES "public"."data_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_source_snapshots" ADD CONSTRAINT "data_source_snapshots_file_id_uploaded_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."uploaded_files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_sources" ADD CONSTRAINT "data_sources_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_source_snapshots_org_source_idx" ON "data_source_snapshots" USING btree ("org_id","data_source_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "data_source_snapshots_file_key" ON "data_source_snapshots" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "data_sources_org_idx" ON "data_sources" USING btree ("org_id","id");