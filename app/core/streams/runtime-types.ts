import type { ExceptionType } from "~/core/engine/types";

/**
 * Shapes stored in the runtime tables' jsonb columns. Kept in one module so
 * the schema, the services and the serializers agree.
 */

/** Why a run exists: who or what started it. */
export type RunTrigger =
  | { kind: "manual"; actorType: "user" | "api_key" | "system"; actorId: string | null; actorLabel: string }
  | { kind: "schedule"; triggerId: string; scheduledFor: string }
  | { kind: "event"; triggerId: string; event: "inbox" | "webhook" | "run_completion"; eventId: string }
  | { kind: "rerun"; rerunOf: string; actorType: "user" | "api_key" | "system"; actorId: string | null; actorLabel: string }
  | { kind: "reconciliation"; reconciliationId: string; actorLabel: string };

export type FailureClassification = "transient" | "permanent";

export interface StepFailure {
  classification: FailureClassification;
  /** A short machine code, e.g. "storage_io", "validation_failed", "timeout". */
  code: string;
  message: string;
  /** Located details (file/line/column or pointer), when the error had them. */
  errors?: Array<Record<string, unknown>>;
  attempt?: number;
  stepKey?: string;
}

export interface AttemptRecord {
  attempt: number;
  idempotencyKey: string;
  startedAt: string;
  finishedAt: string | null;
  /** crashed: the worker process died mid-attempt (killed, out of memory); the attempt committed nothing. */
  outcome: "running" | "succeeded" | "failed" | "retrying" | "cancelled" | "crashed";
  durationMs: number | null;
  /** Set when the attempt failed and another was scheduled: the backoff wait. */
  retryDelayMs?: number;
  retryAt?: string;
  failure?: StepFailure;
}

/** What a step input resolved to when the step ran: the exact bytes it read. */
export interface ResolvedInput {
  kind: string;
  /** The uploaded_files row read (an upload, snapshot or artifact file). */
  fileId: string;
  fileName: string;
  sha256: string;
  rowCount: number;
  /** For step-output inputs: the upstream artifact. */
  artifactId?: string;
  parameter?: string;
  inbox?: string;
  dataSourceId?: string;
  adapter?: string;
  /** A plain table read through a saved column mapping: `<id>@<version>`. */
  mapping?: string;
}

export interface SideCounts {
  rows: number;
  matched: number;
  unmatched: number;
  excluded: number;
  amountMinorByClass: Record<"matched" | "unmatched" | "excluded", Record<string, number>>;
}

export interface StepMetrics {
  source: SideCounts;
  target: SideCounts;
  matches: number;
  matchesByPass: Record<string, number>;
  exceptions: number;
  exceptionsByType: Partial<Record<ExceptionType, number>>;
  /** Leftover rows handed to a downstream step instead of being raised here (MISSING_* not queued). */
  forwarded: number;
  /** Rows out of the rule set's scope (listed in the EXCLUDED artifact, not queued). */
  excluded: number;
  /** Rows a transform could not convert, per side (they stay in the data, flagged). */
  normalizeIssues: { source: number; target: number };
  /**
   * Where the attempt's time went: reading inputs, the engine (with building the exception records),
   * writing artifacts, and inserting the exceptions, which runs while the artifacts are written.
   */
  timings: { totalMs: number; resolveMs: number; engineMs: number; writeMs: number; exceptionsMs: number };
  attempts: number;
}

export interface RunMetrics {
  steps: number;
  stepsByState: Record<string, number>;
  matches: number;
  exceptions: number;
  exceptionsByType: Partial<Record<ExceptionType, number>>;
  durationMs: number | null;
  attempts: number;
}

export interface ArtifactColumn {
  name: string;
  /** original: a column of the input; canonical: a mapped field (@name); system: provenance and match columns (_name). */
  role: "original" | "canonical" | "system";
}

/** One row of an exception's side, as stored: where it came from and what it held. */
export interface ExceptionRowRef {
  /** The original file (or artifact) id and 1-based line, carried through every step. */
  sourceId: string;
  line: number;
  /** Canonical field values as the engine compared them (amounts in minor units, dates ISO). */
  values: Record<string, string | number | null>;
  /** The original columns of the row. */
  raw: Record<string, string | null>;
}
