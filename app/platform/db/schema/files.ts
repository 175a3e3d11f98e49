import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, type AnyPgColumn } from "drizzle-orm/pg-core";
import type { FileFormat } from "~/core/adapters/file-format";
import type { DetectionOverrides, FileProfile, IngestError } from "~/core/ingest";
import { organizations } from "./tenancy";

/**
 * One row per file the org holds: its metadata, where its bytes are (an
 * ArtifactStore key) and what profiling found in them. The bytes themselves
 * are content-addressed, so two rows (even of two orgs) may share one
 * storage_key; an object is deleted only when no row references it any more.
 */
export const FILE_STATUSES = ["processing", "ready", "failed"] as const;
/** upload: sent by a person or client; artifact and snapshot: written by runs (streams issue). */
export const FILE_KINDS = ["upload", "artifact", "snapshot"] as const;
export const INGEST_POLICIES = ["strict", "lenient"] as const;

export const uploadedFiles = pgTable(
  "uploaded_files",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id),
    /** The client's file name, without any directory part. */
    name: text("name").notNull(),
    mime: text("mime").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    /** Lowercase hex, as computed while the upload streamed to storage. */
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    status: text("status", { enum: FILE_STATUSES }).notNull().default("processing"),
    kind: text("kind", { enum: FILE_KINDS }).notNull().default("upload"),
    /** The FileProfile of the last profiling; null until it has run once. */
    detectedSchema: jsonb("detected_schema").$type<FileProfile>(),
    /** What a person corrected in the detection; applied on every re-profile. */
    overrides: jsonb("overrides").$type<DetectionOverrides>().notNull().default({}),
    policy: text("policy", { enum: INGEST_POLICIES }).notNull().default("strict"),
    /** The adapter the file is read through (recognized or chosen); null until profiled, or for files from before recognition. */
    format: jsonb("format").$type<FileFormat>(),
    /**
     * The bank statements in the file, "account|statement id|opening balance"
     * each (see statementKeysOf): a statement uploaded again under other
     * bytes is still the same statement.
     */
    statementKeys: text("statement_keys").array().notNull().default(sql`'{}'::text[]`),
    /** The org's earlier file holding one of the same statements; set null if that one is deleted. */
    duplicateStatementOf: text("duplicate_statement_of").references((): AnyPgColumn => uploadedFiles.id, { onDelete: "set null" }),
    rowCount: bigint("row_count", { mode: "number" }),
    errorCount: bigint("error_count", { mode: "number" }).notNull().default(0),
    /** The first errors only (see MAX_STORED_ERRORS in the service); error_count has the total. */
    errors: jsonb("errors").$type<IngestError[]>().notNull().default([]),
    rejectedLines: jsonb("rejected_lines").$type<number[]>().notNull().default([]),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    inbox: text("inbox"),
    /** The org's earlier file with the same bytes; set null if that one is deleted. */
    duplicateOf: text("duplicate_of").references((): AnyPgColumn => uploadedFiles.id, { onDelete: "set null" }),
    /** Deletion is refused until then (legal hold, audit retention). */
    retentionUntil: timestamp("retention_until", { withTimezone: true, precision: 3 }),
    /**
     * Bumped by every re-profile request. A profiling job records its result
     * only if the revision it started from is still current, so a job that
     * was overtaken by a PATCH cannot overwrite the newer request's state.
     */
    revision: integer("revision").notNull().default(1),
    /** The worker process profiling the file now (crash recovery tells a dead one from a live one). */
    profilingWorkerId: text("profiling_worker_id"),
    /** Profiling attempts that ended with their worker process dead; the second in a row fails the file. */
    profilingCrashes: integer("profiling_crashes").notNull().default(0),
    /** The actor's label at the time (the audit event carries its type and id). */
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    profiledAt: timestamp("profiled_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("uploaded_files_org_idx").on(t.orgId, t.id),
    index("uploaded_files_org_sha256_idx").on(t.orgId, t.sha256),
    index("uploaded_files_org_inbox_idx").on(t.orgId, t.inbox, t.createdAt),
    index("uploaded_files_statement_keys_idx").using("gin", t.statementKeys),
    // "Does any row, of any org, still reference this object?" before deleting bytes.
    index("uploaded_files_storage_key_idx").on(t.storageKey),
    check("uploaded_files_status_check", sql`${t.status} in ('processing', 'ready', 'failed')`),
    check("uploaded_files_kind_check", sql`${t.kind} in ('upload', 'artifact', 'snapshot')`),
    check("uploaded_files_policy_check", sql`${t.policy} in ('strict', 'lenient')`),
    check("uploaded_files_size_check", sql`${t.size} >= 0`),
    check("uploaded_files_sha256_check", sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check("uploaded_files_revision_check", sql`${t.revision} >= 1`),
  ],
);
