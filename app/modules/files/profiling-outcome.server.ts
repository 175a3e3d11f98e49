import type { FileFormat } from "~/core/adapters/file-format";
import { IngestFileError, profileFile, scanFile, type FileProfile, type IngestError } from "~/core/ingest";
import { getEnv } from "~/platform/env.server";
import { getLogger } from "~/platform/observability/logger.server";
import { ArtifactIntegrityError, ArtifactNotFoundError } from "~/platform/storage/index.server";
import { chooseFileFormat, profileWithAdapter } from "./profile-with-adapter.server";
import type { UploadedFile } from "./repository.server";
import { openStoredBytes } from "./stored-bytes.server";

/**
 * What profiling a file found, computed on a bounded thread
 * (profile-thread.server.ts) and recorded by profile.server.ts.
 */

/** Errors kept on the row; error_count has the total. A client fixing a file needs the first ones, not a million. */
export const MAX_STORED_ERRORS = 100;
/** Rejected line numbers kept on the row (lenient policy); enough to review, bounded for a file of mostly bad rows. */
export const MAX_STORED_REJECTED_LINES = 10_000;

export interface ProfilingOutcome {
  status: "ready" | "failed";
  detectedSchema: FileProfile | null;
  rowCount: number | null;
  errorCount: number;
  errors: IngestError[];
  rejectedLines: number[];
  /** Absent: keep the file's format as it was (a failure on our side). */
  format?: FileFormat;
  statementKeys?: string[];
}

/** Runs on a bounded thread (files/profile-thread.server.ts); exported for its entry. */
export async function computeProfilingOutcome(file: UploadedFile): Promise<ProfilingOutcome> {
  const open = openStoredBytes(file);
  let profile: FileProfile | null = null;
  let format: FileFormat | undefined;
  try {
    format = await chooseFileFormat(open, file, getEnv().MAX_ADAPTER_FILE_BYTES);
    if (format.adapter !== null) return withoutNulCharacters(await profileWithAdapter(open, file, format, MAX_STORED_ERRORS));
    profile = await profileFile(open, file.name, file.overrides);
    // Counts and errors come from a streaming scan: the whole file is never held, only a batch of rows.
    const read = await scanFile(open, file.name, profile, {
      sourceId: file.id,
      policy: file.policy,
      maxErrors: MAX_STORED_ERRORS,
      maxRejectedLines: MAX_STORED_REJECTED_LINES,
    });
    if (file.policy === "strict" && read.errorCount > 0) return { ...failedOutcome(profile, read.errors, read.errorCount), format };
    return {
      status: "ready",
      format,
      detectedSchema: withoutNulCharacters(profile),
      rowCount: read.rowCount,
      errorCount: read.errorCount,
      errors: withoutNulCharacters(read.errors.slice(0, MAX_STORED_ERRORS)),
      rejectedLines: read.rejectedLines,
    };
  } catch (error) {
    if (error instanceof IngestFileError) return { ...failedOutcome(profile, error.errors, error.errorCount), ...(format ? { format } : {}) };
    if (error instanceof ArtifactIntegrityError || error instanceof ArtifactNotFoundError) {
      getLogger().error({ err: error, orgId: file.orgId, fileId: file.id }, "stored file failed its integrity check");
      return failedOutcome(profile, [
        {
          file: file.name,
          line: 0,
          message: "The stored bytes no longer match the sha256 recorded at upload (storage corruption); an administrator must restore the object",
        },
      ]);
    }
    throw error;
  }
}

export function failedOutcome(profile: FileProfile | null, errors: IngestError[], errorCount = errors.length): ProfilingOutcome {
  return {
    status: "failed",
    detectedSchema: profile ? withoutNulCharacters(profile) : null,
    rowCount: null,
    errorCount: Math.max(errorCount, errors.length),
    errors: withoutNulCharacters(errors.slice(0, MAX_STORED_ERRORS)),
    rejectedLines: [],
  };
}

/** PostgreSQL text and jsonb cannot hold U+0000, and file contents (hence errors and headers) can. */
function withoutNulCharacters<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("\u0000", "\ufffd") as T;
  if (Array.isArray(value)) return value.map((item: unknown) => withoutNulCharacters(item)) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [withoutNulCharacters(key), withoutNulCharacters(item)]),
  ) as T;
}
