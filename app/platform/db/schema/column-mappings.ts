import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { CanonicalSchemaId } from "~/core/canonical/schemas";
import { organizations } from "./tenancy";

/**
 * An organization's saved column mappings: how a plain CSV/XLSX layout with
 * no format adapter (an ERP export, a bank's CSV we have no profile for)
 * maps onto a canonical record schema. A file whose header fits a mapping's
 * signature is recognized as it at profiling, and keeps a copy of the
 * mapping in its format, so it reads the same way however the mapping
 * changes later.
 *
 * Edits are in place and bump `version`; a pack's mappings carry the pack
 * (template id, key and version) they came from, which makes instantiating
 * the pack again reuse them rather than add copies.
 */
export const columnMappings = pgTable(
  "column_mappings",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    name: text("name").notNull(),
    schema: text("schema").$type<CanonicalSchemaId>().notNull(),
    signature: jsonb("signature").$type<{ columns: string[] }>().notNull(),
    /** Canonical field → its rule (app/core/canonical, FieldRule). */
    fields: jsonb("fields").$type<Record<string, unknown>>().notNull(),
    version: integer("version").notNull().default(1),
    templateId: text("template_id"),
    templateVersion: text("template_version"),
    templateKey: text("template_key"),
    /** The actor's label at the time (the audit event carries its type and id). */
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("column_mappings_org_idx").on(t.orgId, t.id),
    uniqueIndex("column_mappings_pack_key")
      .on(t.orgId, t.templateId, t.templateVersion, t.templateKey)
      .where(sql`${t.templateId} is not null`),
  ],
);
