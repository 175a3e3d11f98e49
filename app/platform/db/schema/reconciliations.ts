import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { ruleSets } from "./rule-sets";
import { uploadedFiles } from "./files";
import { reconciliationRuns, reconciliationStepRuns, reconciliationStreams } from "./streams";
import { organizations } from "./tenancy";

/**
 * The classic one-to-one reconciliation (compatibility API). Under the hood
 * `start` creates a hidden system one-step stream and runs it, so results,
 * artifacts, lineage and exceptions are the stream runtime's. Only `pending`
 * and `running` are ever written: completed/failed are read from the run
 * (no hook into the orchestrator, so the two can never disagree).
 */
export const RECONCILIATION_STATUSES = ["pending", "running", "completed", "failed"] as const;

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const reconciliations = pgTable(
  "reconciliations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    name: text("name").notNull(),
    sourceFileId: text("source_file_id").notNull().references(() => uploadedFiles.id),
    targetFileId: text("target_file_id").notNull().references(() => uploadedFiles.id),
    ruleSetId: text("rule_set_id").notNull().references(() => ruleSets.id),
    sourceAdapter: text("source_adapter"),
    targetAdapter: text("target_adapter"),
    status: text("status", { enum: RECONCILIATION_STATUSES }).notNull().default("pending"),
    streamId: text("stream_id").references(() => reconciliationStreams.id),
    streamRunId: text("stream_run_id").references(() => reconciliationRuns.id),
    stepRunId: text("step_run_id").references(() => reconciliationStepRuns.id),
    createdBy: text("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    startedAt: ts("started_at"),
  },
  (t) => [
    index("reconciliations_org_idx").on(t.orgId, t.id),
    check("reconciliations_status_check", sql`${t.status} in ('pending', 'running', 'completed', 'failed')`),
  ],
);
