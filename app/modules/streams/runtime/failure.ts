import { DomainError, type ProblemLocation } from "~/core/errors/domain-errors";
import { MatchConfigurationError, MatchInputError } from "~/core/engine/match/errors";
import { NormalizeDefinitionError } from "~/core/engine/normalize";
import { IngestFileError } from "~/core/ingest";
import { DelimitedParseError } from "~/core/ingest/delimited/read-delimited";
import { redactServerPaths } from "~/platform/observability/redact-paths.server";
import { ArtifactIntegrityError, ArtifactNotFoundError } from "~/platform/storage/index.server";
import { describeResourceLimit, resourceLimitOf } from "~/platform/threads/thread-limits.server";
import type { AttemptRecord, StepFailure } from "~/core/streams/runtime-types";

/**
 * Why a step attempt failed, and whether trying again can help.
 *
 * transient: the world was briefly unavailable (a connection reset, storage
 * I/O, a data source timing out, a serialization failure) — retry with
 * backoff. permanent: the inputs or rules are wrong (validation, parse and
 * rule errors, an integrity failure) — the same attempt would fail the same
 * way, so it goes to the dead-letter list at once for a person to fix and
 * retry. Unknown errors count as transient: a bounded number of retries is
 * cheaper than parking a step a retry would have finished.
 */
export class StepTimeoutError extends Error {
  override readonly name = "StepTimeoutError";
}

export class StepCancelledError extends Error {
  override readonly name = "StepCancelledError";
}

/** A failure a stream step raises on purpose (a missing parameter, an empty inbox) with its classification. */
export class StepInputError extends Error {
  override readonly name = "StepInputError";
  constructor(
    message: string,
    readonly code: string,
    readonly classification: "transient" | "permanent" = "permanent",
    /** Where the problem is, when it is in a file or a definition (shown as the step's located errors). */
    readonly errors?: ProblemLocation[],
  ) {
    super(message);
  }
}


const TRANSIENT_PG_CODES = new Set(["40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300", "08000", "08003", "08006", "08001", "08004"]);
const TRANSIENT_NODE_CODES = new Set(["EROFS", "EACCES", "ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "EIO", "EBUSY", "EMFILE", "ENFILE", "ENOSPC", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECT_TIMEOUT"]);

/** A step's failure is shown to API clients, so it never names a server directory. */
export function classifyFailure(error: unknown): StepFailure {
  const failure = classifyRawFailure(error);
  const redacted: StepFailure = { ...failure, message: redactServerPaths(failure.message) };
  if (failure.errors) {
    redacted.errors = failure.errors.map((located) =>
      typeof located.message === "string" ? { ...located, message: redactServerPaths(located.message) } : located,
    );
  }
  return redacted;
}

function classifyRawFailure(error: unknown): StepFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof StepInputError) {
    return { classification: error.classification, code: error.code, message, ...(error.errors ? { errors: error.errors.map((located) => ({ ...located })) } : {}) };
  }
  // By name: the store may have been built by the web bundle's copy of this module, whose class is another object.
  if (error instanceof Error && error.name === "InjectedStorageFault") {
    return { classification: (error as Error & { classification: "transient" | "permanent" }).classification, code: "storage_io", message };
  }
  if (error instanceof StepTimeoutError) return { classification: "transient", code: "timeout", message };
  // A thread out of its heap or stack would be again on the same input: retrying only repeats it (and once took the worker down).
  const resourceLimit = resourceLimitOf(error);
  if (resourceLimit) return { classification: "permanent", code: "resource_limit", message: describeResourceLimit(resourceLimit, "the step's work") };
  if (error instanceof ArtifactIntegrityError || error instanceof ArtifactNotFoundError) {
    return { classification: "permanent", code: "artifact_integrity_failed", message };
  }
  if (error instanceof NormalizeDefinitionError) {
    return { classification: "permanent", code: "rule_error", message, errors: error.issues.map((issue) => ({ pointer: issue.pointer, message: issue.message })) };
  }
  if (error instanceof MatchConfigurationError || error instanceof MatchInputError) return { classification: "permanent", code: "rule_error", message };
  if (error instanceof IngestFileError) {
    return { classification: "permanent", code: "parse_error", message, errors: error.errors.slice(0, 100).map((located) => ({ ...located })) };
  }
  if (error instanceof DelimitedParseError) {
    return { classification: "permanent", code: "parse_error", message, errors: [{ file: error.file, line: error.line, column: error.column, message }] };
  }
  if (error instanceof DomainError) {
    const code = error.problemName.replace(/-/g, "_");
    // A 5xx domain error is ours (e.g. integrity); 4xx ones are about the inputs or rules.
    return { classification: "permanent", code, message, errors: error.errors.map((located) => ({ ...located })) };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && (TRANSIENT_PG_CODES.has(code) || TRANSIENT_NODE_CODES.has(code))) {
    return { classification: "transient", code: code.toLowerCase(), message };
  }
  if (error instanceof Error && error.name === "AdapterError") {
    const located = (error as Error & { errors?: Array<Record<string, unknown>> }).errors ?? [];
    return { classification: "permanent", code: "parse_error", message, errors: located.slice(0, 100) };
  }
  return { classification: "transient", code: "unexpected", message };
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"): a uniformly random wait in [0, min(max, base·2^(n-1))],
 * so retries of many steps failing together spread out instead of stampeding.
 * `random` is injected for tests.
 */
export function backoffDelayMs(policy: { baseDelayMs: number; maxDelayMs: number }, failedAttempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.floor(random() * (ceiling + 1));
}

/**
 * A run may start on files still being profiled (the demo data does, and an
 * upload followed at once by a run). Waiting for them is not the step's
 * fault, so it does not use up the step's retries, whose backoff adds up to
 * seconds: on a busy machine profiling takes longer and the run failed for
 * nothing. The step polls instead, up to PROFILING_WAIT_MS after its first
 * attempt; then the usual retry budget decides.
 */
export const PROFILING_WAIT_MS = 10 * 60_000;
export const PROFILING_POLL_MS = 3_000;

export function waitsForProfiling(failure: StepFailure, attempts: AttemptRecord[], now: Date): boolean {
  if (failure.code !== "file_processing") return false;
  const first = attempts[0]?.startedAt;
  return first !== undefined && now.getTime() - new Date(first).getTime() < PROFILING_WAIT_MS;
}
