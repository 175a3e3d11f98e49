import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { StepInput, StepRetryPolicy, StreamSettings } from "~/core/streams/definition";
import type { ArtifactColumn, AttemptRecord, ResolvedInput, RunMetrics, RunTrigger, StepFailure, StepMetrics } from "~/core/streams/runtime-types";
import type { TriggerConfig } from "~/core/streams/trigger-config";
import { uploadedFiles } from "./files";
import { ruleSets, ruleSetVersions } from "./rule-sets";
import { organizations } from "./tenancy";

/**
 * Streams: design time (streams, immutable versions, their steps, triggers)
 * and run time (runs, step runs, artifacts, lineage). State columns are
 * written only through the state machines in app/modules/streams/runtime/state/, guarded
 * in SQL by the expected state.
 */
export const STREAM_STATUSES = ["active", "archived"] as const;
export const RUN_STATES = ["queued", "running", "succeeded", "failed", "partially_succeeded", "cancelling", "cancelled"] as const;
export const STEP_RUN_STATES = ["pending", "queued", "running", "retrying", "succeeded", "failed", "skipped", "cancelled"] as const;
export const ARTIFACT_TYPES = ["UNMATCHED_SOURCE", "UNMATCHED_TARGET", "MATCHED", "EXCLUDED", "EXCEPTIONS"] as const;
export const ARTIFACT_STATUSES = ["available", "purged"] as const;
export const TRIGGER_KINDS = ["schedule", "inbox", "webhook", "run_completion"] as const;

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const reconciliationStreams = pgTable(
  "reconciliation_streams",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    name: text("name").notNull(),
    description: text("description"),
    status: text("status", { enum: STREAM_STATUSES }).notNull().default("active"),
    /** System-owned one-step streams behind the classic reconciliation API: hidden from stream lists. */
    system: boolean("system").notNull().default(false),
    latestVersion: integer("latest_version").notNull(),
    /** Where it came from when instantiated from a template pack: {templateId, version}. */
    origin: jsonb("origin").$type<Record<string, unknown>>(),
    createdBy: text("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    archivedAt: ts("archived_at"),
  },
  (t) => [
    index("reconciliation_streams_org_idx").on(t.orgId, t.id),
    check("reconciliation_streams_status_check", sql`${t.status} in ('active', 'archived')`),
    check("reconciliation_streams_archived_at_check", sql`(${t.status} = 'archived') = (${t.archivedAt} is not null)`),
  ],
);

/** Immutable (trigger): a run pins the version it started with. */
export const reconciliationStreamVersions = pgTable(
  "reconciliation_stream_versions",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    streamId: text("stream_id").notNull().references(() => reconciliationStreams.id),
    version: integer("version").notNull(),
    settings: jsonb("settings").$type<StreamSettings>().notNull(),
    /** sha256 of the canonical JSON of the whole definition (settings + steps); equal shas, equal streams. */
    definitionSha256: text("definition_sha256").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("reconciliation_stream_versions_key").on(t.streamId, t.version)],
);

/** Steps belong to one stream version, so they are immutable with it. */
export const reconciliationSteps = pgTable(
  "reconciliation_steps",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    streamVersionId: text("stream_version_id").notNull().references(() => reconciliationStreamVersions.id),
    key: text("key").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    ruleSetId: text("rule_set_id").notNull().references(() => ruleSets.id),
    /** null: the rule set's latest version, resolved when a run starts. */
    ruleSetVersion: integer("rule_set_version"),
    inputs: jsonb("inputs").$type<{ source: StepInput; target: StepInput }>().notNull(),
    /** Derived from the inputs plus explicit edges. */
    dependsOn: text("depends_on").array().notNull().default(sql`'{}'::text[]`),
    critical: boolean("critical").notNull().default(true),
    retry: jsonb("retry").$type<StepRetryPolicy>().notNull(),
    timeoutMs: integer("timeout_ms").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("reconciliation_steps_key").on(t.streamVersionId, t.key)],
);

export const streamTriggers = pgTable(
  "stream_triggers",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    streamId: text("stream_id").notNull().references(() => reconciliationStreams.id),
    kind: text("kind", { enum: TRIGGER_KINDS }).notNull(),
    name: text("name"),
    enabled: boolean("enabled").notNull().default(true),
    config: jsonb("config").$type<TriggerConfig>().notNull(),
    /** Run parameters every run this trigger starts receives. */
    parameters: jsonb("parameters").$type<Record<string, string>>().notNull().default({}),
    /** Webhook signing secret, AES-256-GCM under ENCRYPTION_KEY; never returned after creation. */
    secretCiphertext: text("secret_ciphertext"),
    /** Schedules: the last tick that was considered (fired or skipped). */
    lastTickAt: ts("last_tick_at"),
    nextFireAt: ts("next_fire_at"),
    createdBy: text("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("stream_triggers_org_idx").on(t.orgId, t.id),
    index("stream_triggers_due_idx").on(t.kind, t.enabled, t.nextFireAt),
    check("stream_triggers_kind_check", sql`${t.kind} in ('schedule', 'inbox', 'webhook', 'run_completion')`),
  ],
);

export const reconciliationRuns = pgTable(
  "reconciliation_runs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    streamId: text("stream_id").notNull().references(() => reconciliationStreams.id),
    streamVersionId: text("stream_version_id").notNull().references(() => reconciliationStreamVersions.id),
    streamVersion: integer("stream_version").notNull(),
    state: text("state", { enum: RUN_STATES }).notNull().default("queued"),
    trigger: jsonb("trigger").$type<RunTrigger>().notNull(),
    parameters: jsonb("parameters").$type<Record<string, string>>().notNull().default({}),
    rerunOf: text("rerun_of").references((): AnyPgColumn => reconciliationRuns.id),
    metrics: jsonb("metrics").$type<RunMetrics>(),
    failure: jsonb("failure").$type<StepFailure>(),
    createdBy: text("created_by").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    cancelRequestedAt: ts("cancel_requested_at"),
  },
  (t) => [
    index("reconciliation_runs_org_idx").on(t.orgId, t.id),
    index("reconciliation_runs_stream_idx").on(t.orgId, t.streamId, t.id),
    check(
      "reconciliation_runs_state_check",
      sql`${t.state} in ('queued', 'running', 'succeeded', 'failed', 'partially_succeeded', 'cancelling', 'cancelled')`,
    ),
  ],
);

export const reconciliationStepRuns = pgTable(
  "reconciliation_step_runs",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    runId: text("run_id").notNull().references(() => reconciliationRuns.id),
    stepId: text("step_id").notNull().references(() => reconciliationSteps.id),
    stepKey: text("step_key").notNull(),
    position: integer("position").notNull(),
    state: text("state", { enum: STEP_RUN_STATES }).notNull().default("pending"),
    /** The attempt now running or last run; 0 before the first. */
    attempt: integer("attempt").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull(),
    /** `${stepRunId}:${attempt}` of the attempt that committed results. */
    idempotencyKey: text("idempotency_key"),
    /** Pinned when the run starts (a step naming the latest version gets the one current then). */
    ruleSetVersionId: text("rule_set_version_id").references(() => ruleSetVersions.id),
    resolvedInputs: jsonb("resolved_inputs").$type<{ source: ResolvedInput; target: ResolvedInput }>(),
    metrics: jsonb("metrics").$type<StepMetrics>(),
    attempts: jsonb("attempts").$type<AttemptRecord[]>().notNull().default([]),
    failure: jsonb("failure").$type<StepFailure>(),
    /** Set when a permanent failure (or exhausted retries) parks the step in the dead-letter list. */
    deadLetteredAt: ts("dead_lettered_at"),
    nextAttemptAt: ts("next_attempt_at"),
    /**
     * The worker process (worker_heartbeats.worker_id) running the current
     * attempt. A running step whose owner stopped beating was orphaned by a
     * crash: crash recovery re-runs it, and it holds no concurrency slot.
     */
    ownerWorkerId: text("owner_worker_id"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
  },
  (t) => [
    uniqueIndex("reconciliation_step_runs_run_step_key").on(t.runId, t.stepKey),
    index("reconciliation_step_runs_org_idx").on(t.orgId, t.id),
    index("reconciliation_step_runs_running_idx").on(t.orgId, t.state),
    index("reconciliation_step_runs_dead_letter_idx").on(t.orgId, t.deadLetteredAt),
    check(
      "reconciliation_step_runs_state_check",
      sql`${t.state} in ('pending', 'queued', 'running', 'retrying', 'succeeded', 'failed', 'skipped', 'cancelled')`,
    ),
  ],
);

export const reconciliationArtifacts = pgTable(
  "reconciliation_artifacts",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    runId: text("run_id").notNull().references(() => reconciliationRuns.id),
    stepRunId: text("step_run_id").notNull().references(() => reconciliationStepRuns.id),
    /** Its uploaded_files row (kind "artifact"), so files and artifacts share one catalogue. */
    fileId: text("file_id").notNull().references(() => uploadedFiles.id),
    artifactType: text("artifact_type", { enum: ARTIFACT_TYPES }).notNull(),
    /** The ArtifactStore key. */
    storagePath: text("storage_path").notNull(),
    /** sha256 (hex) of the stored (gzip'd) bytes. */
    checksum: text("checksum").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    rowCount: bigint("row_count", { mode: "number" }).notNull(),
    columns: jsonb("columns").$type<ArtifactColumn[]>().notNull(),
    retentionDays: integer("retention_days").notNull(),
    retentionUntil: ts("retention_until").notNull(),
    status: text("status", { enum: ARTIFACT_STATUSES }).notNull().default("available"),
    purgedAt: ts("purged_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    // One artifact of a type per step run: a retried attempt cannot add a second.
    uniqueIndex("reconciliation_artifacts_step_type_key").on(t.stepRunId, t.artifactType),
    index("reconciliation_artifacts_org_idx").on(t.orgId, t.id),
    index("reconciliation_artifacts_run_idx").on(t.orgId, t.runId),
    index("reconciliation_artifacts_retention_idx").on(t.status, t.retentionUntil),
    check("reconciliation_artifacts_type_check", sql`${t.artifactType} in ('UNMATCHED_SOURCE', 'UNMATCHED_TARGET', 'MATCHED', 'EXCLUDED', 'EXCEPTIONS')`),
    check("reconciliation_artifacts_status_check", sql`${t.status} in ('available', 'purged')`),
  ],
);

/**
 * Append-only (trigger): file → stepRun, stepRun → artifact, artifact →
 * downstream stepRun, snapshot → stepRun. Unique per edge, so a retried
 * attempt cannot record a link twice.
 */
export const reconciliationLineageEvents = pgTable(
  "reconciliation_lineage_events",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    runId: text("run_id").notNull().references(() => reconciliationRuns.id),
    fromType: text("from_type", { enum: ["file", "step_run", "artifact"] }).notNull(),
    fromId: text("from_id").notNull(),
    toType: text("to_type", { enum: ["step_run", "artifact"] }).notNull(),
    toId: text("to_id").notNull(),
    /** e.g. {role: "source"} for an input, {artifactType} for an output. */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("reconciliation_lineage_edge_key").on(t.runId, t.fromType, t.fromId, t.toType, t.toId),
    index("reconciliation_lineage_run_idx").on(t.orgId, t.runId),
  ],
);

/**
 * One row per fired trigger occurrence: a schedule tick or an event delivery.
 * Unique per (trigger, dedupe key), so two workers, a restart or a
 * re-delivered webhook can never start the same occurrence twice.
 */
export const streamTriggerFirings = pgTable(
  "stream_trigger_firings",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    triggerId: text("trigger_id").notNull().references(() => streamTriggers.id),
    /** Schedule: the tick's ISO instant; events: the delivery or event id. */
    dedupeKey: text("dedupe_key").notNull(),
    runId: text("run_id").references(() => reconciliationRuns.id),
    /** fired, or skipped (missed tick under the skip policy, or the run could not start). */
    outcome: text("outcome").notNull(),
    detail: text("detail"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("stream_trigger_firings_dedupe_key").on(t.triggerId, t.dedupeKey),
    index("stream_trigger_firings_org_idx").on(t.orgId, t.triggerId, t.id),
  ],
);
