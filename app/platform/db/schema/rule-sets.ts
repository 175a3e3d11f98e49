import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import { organizations } from "./tenancy";

/**
 * A rule set is a named, versioned matching definition. The rule_sets row is
 * the mutable head (name, status, which version is latest); the definitions
 * live in rule_set_versions, which are immutable (a trigger rejects UPDATE and
 * DELETE) so a run can always show exactly which rules produced its result.
 *
 * No ON DELETE CASCADE: versions can never be deleted, so neither can what
 * they hang off. Rule sets are archived, not removed.
 */
export const RULE_SET_STATUSES = ["active", "archived"] as const;

export const ruleSets = pgTable(
  "rule_sets",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    name: text("name").notNull(),
    description: text("description"),
    status: text("status", { enum: RULE_SET_STATUSES }).notNull().default("active"),
    latestVersion: integer("latest_version").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    archivedAt: timestamp("archived_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("rule_sets_org_idx").on(t.orgId, t.id),
    check("rule_sets_status_check", sql`${t.status} in ('active', 'archived')`),
    check("rule_sets_archived_at_check", sql`(${t.status} = 'archived') = (${t.archivedAt} is not null)`),
    check("rule_sets_latest_version_check", sql`${t.latestVersion} >= 1`),
  ],
);

export const ruleSetVersions = pgTable(
  "rule_set_versions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    ruleSetId: text("rule_set_id").notNull().references(() => ruleSets.id),
    version: integer("version").notNull(),
    /** The parsed definition, defaults filled in, so what the engine runs never depends on today's defaults. */
    definition: jsonb("definition").$type<RuleSetDefinition>().notNull(),
    /** sha256 of the RFC 8785 canonical JSON of `definition`; equal shas mean equal rules. */
    definitionSha256: text("definition_sha256").notNull(),
    /** The actor's label at the time (the audit event carries its type and id). */
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("rule_set_versions_rule_set_version_key").on(t.ruleSetId, t.version),
    check("rule_set_versions_version_check", sql`${t.version} >= 1`),
  ],
);
