import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import type { FieldComparison } from "~/core/engine/types";
import type { ExceptionRowRef } from "~/core/streams/runtime-types";
import { reconciliationRuns, reconciliationStepRuns, reconciliationStreams } from "./streams";
import { organizations } from "./tenancy";

/**
 * Exceptions a step run raised: what did not match, for people to close.
 * A step attempt writes them in the same transaction as its state change,
 * keyed (step_run_id, ordinal), so a retried attempt cannot add them twice.
 *
 * Cases (carry-forward): the same open item raised again by the next run of
 * the same stream step is a new row (each run's exceptions stay that run's
 * record) linked to the first row of its case by `case_id`. The earlier row
 * gets `superseded_by_id` and drops out of default lists, so a case has one
 * current row; comments and events hang off the case, so they follow it.
 */
export const EXCEPTION_STATUSES = ["open", "in_review", "resolved", "written_off", "ignored"] as const;
export const RESOLUTION_CODES = [
  "matched_manually",
  "timing_difference",
  "bank_error",
  "duplicate_confirmed",
  "written_off_small_balance",
  "other",
  /** Set by carry-forward only: the item no longer appears in the next run of its step. */
  "matched_in_later_run",
] as const;

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
    /** Sort key for severity (critical highest); derived so it can never disagree with `severity`. */
    severityRank: smallint("severity_rank")
      .notNull()
      .generatedAlwaysAs(sql`(case severity when 'critical' then 4 when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)`),
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
    /** The first exception of the case (itself for a new item); set in the step's commit. */
    caseId: text("case_id"),
    /** The later run's row of the same case, once carried forward: this row is history. */
    supersededById: text("superseded_by_id"),
    /** A member's user id. */
    assigneeId: text("assignee_id"),
    dueAt: ts("due_at"),
    note: text("note"),
    resolutionCode: text("resolution_code", { enum: RESOLUTION_CODES }),
    resolutionNote: text("resolution_note"),
    resolvedAt: ts("resolved_at"),
    resolvedBy: text("resolved_by"),
    /** For matched_in_later_run: the run in which the item no longer appeared. */
    resolvedInRunId: text("resolved_in_run_id"),
    manualMatchId: text("manual_match_id"),
    firstSeenAt: ts("first_seen_at").notNull().defaultNow(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("exceptions_step_run_ordinal_key").on(t.stepRunId, t.ordinal),
    index("exceptions_org_idx").on(t.orgId, t.id),
    index("exceptions_run_idx").on(t.orgId, t.streamRunId, t.id),
    index("exceptions_step_run_idx").on(t.orgId, t.stepRunId, t.id),
    // The list's keyset orders, over current rows (history rows are excluded by default).
    index("exceptions_current_status_id_idx").on(t.orgId, t.status, t.id).where(sql`superseded_by_id is null`),
    index("exceptions_current_status_amount_idx").on(t.orgId, t.status, t.amountMinor, t.id).where(sql`superseded_by_id is null`),
    index("exceptions_current_status_age_idx").on(t.orgId, t.status, t.firstSeenAt, t.id).where(sql`superseded_by_id is null`),
    index("exceptions_current_status_severity_idx").on(t.orgId, t.status, t.severityRank, t.id).where(sql`superseded_by_id is null`),
    index("exceptions_assignee_idx").on(t.orgId, t.assigneeId, t.status, t.id).where(sql`assignee_id is not null`),
    index("exceptions_stream_idx").on(t.orgId, t.streamId, t.id),
    index("exceptions_reconciliation_idx").on(t.orgId, t.reconciliationId, t.id).where(sql`reconciliation_id is not null`),
    index("exceptions_case_idx").on(t.orgId, t.caseId),
    index("exceptions_manual_match_idx").on(t.orgId, t.manualMatchId).where(sql`manual_match_id is not null`),
    check("exceptions_status_check", sql`${t.status} in ('open', 'in_review', 'resolved', 'written_off', 'ignored')`),
  ],
);

/**
 * Every change to an exception, append-only (a trigger refuses UPDATE and
 * DELETE): who, when, what it was and what it became. Comments are events
 * too. Keyed by case, so a carried-forward item keeps its history.
 */
export const exceptionEvents = pgTable(
  "exception_events",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    exceptionId: text("exception_id").notNull().references(() => exceptions.id),
    caseId: text("case_id").notNull(),
    kind: text("kind").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    before: jsonb("before").$type<Record<string, unknown>>().notNull().default({}),
    after: jsonb("after").$type<Record<string, unknown>>().notNull().default({}),
    /** A bulk action's id, shared by its per-exception events and its one audit event. */
    bulkId: text("bulk_id"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [index("exception_events_case_idx").on(t.orgId, t.caseId, t.id), index("exception_events_exception_idx").on(t.orgId, t.exceptionId, t.id)],
);

/** A person's decision that exceptions on both sides are the same money. */
export const manualMatches = pgTable(
  "manual_matches",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    status: text("status", { enum: ["active", "undone"] }).notNull().default("active"),
    sourceExceptionIds: text("source_exception_ids").array().notNull(),
    targetExceptionIds: text("target_exception_ids").array().notNull(),
    currency: text("currency").notNull(),
    sourceTotalMinor: bigint("source_total_minor", { mode: "number" }).notNull(),
    targetTotalMinor: bigint("target_total_minor", { mode: "number" }).notNull(),
    differenceMinor: bigint("difference_minor", { mode: "number" }).notNull(),
    toleranceMinor: bigint("tolerance_minor", { mode: "number" }).notNull(),
    forced: boolean("forced").notNull().default(false),
    forceReason: text("force_reason"),
    note: text("note"),
    createdBy: text("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    undoneAt: ts("undone_at"),
    undoneBy: text("undone_by"),
  },
  (t) => [index("manual_matches_org_idx").on(t.orgId, t.id), check("manual_matches_status_check", sql`${t.status} in ('active', 'undone')`)],
);

/** Per-org SLA: days to close an exception of each severity, counted from first seen. */
export const exceptionSlaPolicies = pgTable(
  "exception_sla_policies",
  {
    orgId: text("org_id").notNull().references(() => organizations.id),
    severity: text("severity").notNull(),
    days: integer("days").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.severity] })],
);
