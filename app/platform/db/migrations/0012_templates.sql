CREATE TABLE "reconciliation_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text,
	"template_id" text NOT NULL,
	"version" text NOT NULL,
	"name" text NOT NULL,
	"industry" text NOT NULL,
	"description" text NOT NULL,
	"manifest" jsonb NOT NULL,
	"runbook" text,
	"sha256" text NOT NULL,
	"origin" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reconciliation_templates_origin_check" CHECK ("reconciliation_templates"."origin" in ('plugins', 'npm', 'upload')),
	CONSTRAINT "reconciliation_templates_upload_is_private" CHECK (("reconciliation_templates"."origin" = 'upload') = ("reconciliation_templates"."org_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "reconciliation_templates" ADD CONSTRAINT "reconciliation_templates_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reconciliation_templates_version_key" ON "reconciliation_templates" USING btree (coalesce("org_id", ''),"template_id","version");--> statement-breakpoint
CREATE INDEX "reconciliation_templates_template_idx" ON "reconciliation_templates" USING btree ("template_id");