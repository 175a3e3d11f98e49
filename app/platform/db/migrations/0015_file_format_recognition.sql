ALTER TABLE "uploaded_files" ADD COLUMN "format" jsonb;--> statement-breakpoint
ALTER TABLE "uploaded_files" ADD COLUMN "statement_keys" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "uploaded_files" ADD COLUMN "duplicate_statement_of" text;--> statement-breakpoint
ALTER TABLE "uploaded_files" ADD CONSTRAINT "uploaded_files_duplicate_statement_of_uploaded_files_id_fk" FOREIGN KEY ("duplicate_statement_of") REFERENCES "public"."uploaded_files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "uploaded_files_statement_keys_idx" ON "uploaded_files" USING gin ("statement_keys");