import type { OrgContext } from "~/core/access";
import type { Tx } from "~/platform/db/client";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { getLogger } from "~/platform/observability/logger.server";
import { recordAudit } from "~/modules/audit/index.server";
import { findDuplicateStatement, withRecognizedColumnMapping } from "./file-format.server";
import { ProfilingLimitReached, profileInBoundedThread } from "./profile-thread.server";
import { failedOutcome, type ProfilingOutcome } from "./profiling-outcome.server";
import { findFile, transitionFile, type UploadedFile } from "./repository.server";

export interface ProfilingOptions {
  lastAttempt: boolean;
  /**
   * Runs in the transaction that marks the file ready, so what a ready file
   * starts (the streams module's inbox triggers) happens with it or not at
   * all. Passed in by the caller: the files module knows nothing of streams,
   * which depend on files.
   */
  whenReady: (tx: Tx, ctx: OrgContext, file: UploadedFile) => Promise<void>;
}

/**
 * The profile_file worker task. Profiles a file and reads it through once
 * with its policy, to count rows and locate every error, then records ready
 * or failed. Problems in the data are outcomes, not exceptions; anything
 * else (database, storage unreachable) throws so the job is retried, and on
 * the last attempt the file is marked failed rather than left processing
 * forever.
 */
export async function profileUploadedFile(ctx: OrgContext, fileId: string, options: ProfilingOptions): Promise<void> {
  const file = await inOrgTransaction(ctx.orgId, (tx) => findFile(tx, ctx, fileId));
  // Deleted since, or already recorded by an earlier attempt of this job.
  if (!file || file.status !== "processing") return;
  let outcome: ProfilingOutcome;
  try {
    outcome = await profileInBoundedThread(file);
  } catch (error) {
    if (error instanceof ProfilingLimitReached) {
      // Out of the thread's memory, stack or time: the same file would do it again, so it fails now, not after retries.
      getLogger().warn({ orgId: ctx.orgId, fileId, reason: error.message }, "profiling stopped at a resource limit");
      outcome = failedOutcome(null, [{ file: file.name, line: 1, message: error.message }]);
    } else {
      if (!options.lastAttempt) throw error;
      getLogger().error({ err: error, orgId: ctx.orgId, fileId }, "profiling failed on its last attempt");
      outcome = failedOutcome(null, [
        { file: file.name, line: 0, message: "The file could not be profiled because of an error on our side; PATCH it to try again" },
      ]);
    }
  }
  await inOrgTransaction(ctx.orgId, async (tx) => {
    const current = await findFile(tx, ctx, fileId);
    // A newer PATCH asked for another profiling; its job records that one.
    if (!current || current.revision !== file.revision || current.status !== "processing") return;
    const statementKeys = outcome.statementKeys ?? [];
    let format = outcome.format ?? current.format;
    // Here, not on the profiling thread: the org's saved mappings are in the database, and a header is all they need.
    if (format && outcome.detectedSchema) {
      format = await withRecognizedColumnMapping(tx, ctx, format, outcome.detectedSchema.columns.map((column) => column.name));
    }
    const after = await transitionFile(tx, ctx, current, outcome.status, {
      format,
      statementKeys,
      duplicateStatementOf: outcome.status === "ready" ? await findDuplicateStatement(tx, ctx, current.id, statementKeys) : null,
      detectedSchema: outcome.detectedSchema,
      rowCount: outcome.rowCount,
      errorCount: outcome.errorCount,
      errors: outcome.errors,
      rejectedLines: outcome.rejectedLines,
      profiledAt: new Date(),
    });
    await recordAudit(tx, ctx, {
      action: "file.profiled",
      resourceType: "file",
      resourceId: fileId,
      changes: {
        before: { status: current.status },
        after: { status: after.status, format: after.format?.adapter ?? null, ...(after.format?.mapping ? { mapping: after.format.mapping.id } : {}), rowCount: after.rowCount, errorCount: after.errorCount, revision: after.revision, duplicateStatementOf: after.duplicateStatementOf },
      },
    });
    // In the same transaction: a file that becomes ready in an inbox starts its triggered runs, or neither happens.
    if (after.status === "ready") await options.whenReady(tx, ctx, after);
  });
}
