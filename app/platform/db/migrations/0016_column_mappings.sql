CREATE TABLE "column_mappings" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"name" text NOT NULL,
	"schema" text NOT NULL,
	"signature" jsonb NOT NULL,
	"fields" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"template_id" text,
	"template_version" text,
	"template_key" text,
	"created_by" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "column_mappings" ADD CONSTRAINT "column_mappings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "column_mappings_org_idx" ON "column_mappings" USING btree ("org_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "column_mappings_pack_key" ON "column_mappings" USING btree ("org_id","template_id","template_version","template_key") WHERE "column_mappings"."template_id" is not null;--> statement-breakpoint
-- Saved column mappings are tenant data: the same RLS policy as every other org table.
SELECT app_enable_tenant_isolation('column_mappings');
