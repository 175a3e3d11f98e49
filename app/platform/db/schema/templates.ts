import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { organizations } from "./tenancy";

/**
 * Registered template pack versions. Public packs (from plugins/ and installed
 * reconstream-pack-* npm packages) have org_id NULL and every org sees them;
 * a pack an admin uploads belongs to that org alone. A row is one immutable
 * (pack id, version): its sha256 covers every file of the pack, and a pack
 * that changed without a new version is refused, never re-registered.
 */
export const TEMPLATE_ORIGINS = ["plugins", "npm", "upload"] as const;

export const reconciliationTemplates = pgTable(
  "reconciliation_templates",
  {
    id: text("id").primaryKey(),
    /** NULL: a public pack every org sees. */
    orgId: text("org_id").references(() => organizations.id),
    templateId: text("template_id").notNull(),
    version: text("version").notNull(),
    name: text("name").notNull(),
    industry: text("industry").notNull(),
    description: text("description").notNull(),
    /** The manifest as validated (the pack's own JSON, defaults filled in). */
    manifest: jsonb("manifest").$type<Record<string, unknown>>().notNull(),
    runbook: text("runbook"),
    sha256: text("sha256").notNull(),
    origin: text("origin", { enum: TEMPLATE_ORIGINS }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("reconciliation_templates_version_key").on(sql`coalesce(${t.orgId}, '')`, t.templateId, t.version),
    index("reconciliation_templates_template_idx").on(t.templateId),
    check("reconciliation_templates_origin_check", sql`${t.origin} in ('plugins', 'npm', 'upload')`),
    check("reconciliation_templates_upload_is_private", sql`(${t.origin} = 'upload') = (${t.orgId} is not null)`),
  ],
);
