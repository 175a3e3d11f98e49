import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { FieldComparison } from "../../app/engine/types";
import type { ExceptionRowRef } from "../../app/streams/runtime-types";
import { reconciliationRuns, reconciliationStepRuns, reconciliationStreams } from "./streams";
import { organizations } from "./tenancy";

/**
 * Exceptions a step run raised: what did not match, for people to close.
 * A step attempt writes them in the same transaction as its state change,
 * keyed (step_run_id, ordinal), so a retried attempt cannot add them twice.
 * The triage lifecycle (status, assignee, events) is the exceptions issue's.
 */
export const EXCEPTION_STATUSES = ["open", "in_review", "resolved", "written_off", "ignored"] as const;

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const exceptions = pgTable(
  "exceptions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    streamId: text("stream_id").notNull().references(() => reconciliationStreams.id),
    streamRunId: text("stream_run_id").notNull().references(() => reconciliationRuns.id),
    stepRunId: text("step_run_id").notNull().references(() => reconciliationStepRuns.id),
    stepKey: text("step_key").notNull(),
    /** Position in the engine's deterministic exception order within the step run. */
    ordinal: bigint("ordinal", { mode: "number" }).notNull(),
    reconciliationId: text("reconciliation_id"),
    type: text("type").notNull(),
    severity: text("severity").notNull(),
    status: text("status", { enum: EXCEPTION_STATUSES }).notNull().default("open"),
    pass: text("pass"),
    message: text("message").notNull(),
    /** The amount at stake in minor units: the source side's, else the target's. */
    amountMinor: bigint("amount_minor", { mode: "number" }),
    amountDifferenceMinor: bigint("amount_difference_minor", { mode: "number" }),
    currency: text("currency"),
    sourceRows: jsonb("source_rows").$type<ExceptionRowRef[]>().notNull(),
    targetRows: jsonb("target_rows").$type<ExceptionRowRef[]>().notNull(),
    reason: jsonb("reason").$type<FieldComparison[]>().notNull(),
    /** step key, side, type, normalized key fields and amount: what carry-forward matches on. */
    fingerprint: text("fingerprint").notNull(),
    /** Text the q filter searches: references, ids and descriptions of both sides. */
    searchText: text("search_text").notNull().default(""),
    firstSeenAt: ts("first_seen_at").notNull().defaultNow(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("exceptions_step_run_ordinal_key").on(t.stepRunId, t.ordinal),
    index("exceptions_org_idx").on(t.orgId, t.id),
    index("exceptions_run_idx").on(t.orgId, t.streamRunId, t.id),
    index("exceptions_step_run_idx").on(t.orgId, t.stepRunId, t.id),
    check("exceptions_status_check", sql`${t.status} in ('open', 'in_review', 'resolved', 'written_off', 'ignored')`),
  ],
);
