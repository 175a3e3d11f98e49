import { and, eq, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { recordAudit } from "~/modules/audit/index.server";
import { transitionFile } from "./repository.server";
import { isWorkerLive } from "~/platform/workers/worker-liveness.server";
import { getDb } from "~/platform/db/client";
import { uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";

/**
 * Crash recovery for file profiling, kept in the job layer (around the
 * profiler, never inside it): each profiling job records its worker process
 * on the file while it runs. A job re-delivered after its worker died finds
 * a dead owner there, counts a crash and profiles again, alone on its
 * worker (worker/job-isolation.ts); the second crash fails the file with a
 * reason instead of crashing workers forever.
 */
export const FILE_CRASHED_TWICE_MESSAGE = "The worker process crashed twice while profiling this file; PATCH it to try again";

type FileLease = Pick<typeof uploadedFiles.$inferSelect, "status" | "profilingWorkerId" | "profilingCrashes">;

async function readLease(ctx: OrgContext, fileId: string): Promise<FileLease | undefined> {
  // As the worker's own role, filtered by org: liveness needs worker_heartbeats, which tenants cannot read.
  const [file] = await getDb()
    .select({ status: uploadedFiles.status, profilingWorkerId: uploadedFiles.profilingWorkerId, profilingCrashes: uploadedFiles.profilingCrashes })
    .from(uploadedFiles)
    .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.id, fileId)));
  return file;
}

async function diedWhileProfiling(file: FileLease, workerId: string): Promise<boolean> {
  return file.status === "processing" && file.profilingWorkerId !== null && file.profilingWorkerId !== workerId && !(await isWorkerLive(file.profilingWorkerId));
}

/** Whether this file's next profiling must run alone on its worker: it crashed a worker before, or its worker just died. */
export async function fileProfilingNeedsIsolation(ctx: OrgContext, fileId: string, workerId: string): Promise<boolean> {
  const file = await readLease(ctx, fileId);
  if (!file || file.status !== "processing") return false;
  return file.profilingCrashes > 0 || (await diedWhileProfiling(file, workerId));
}

/**
 * Takes the file for this worker before profiling. "failed": this was the
 * second crash and the file is now failed with the reason; "profile": go on.
 */
export async function beginFileProfiling(ctx: OrgContext, fileId: string, workerId: string): Promise<"profile" | "failed"> {
  const file = await readLease(ctx, fileId);
  if (!file || file.status !== "processing") return "profile";
  const crashed = await diedWhileProfiling(file, workerId);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [current] = await tx
      .select()
      .from(uploadedFiles)
      .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.id, fileId)))
      .for("update");
    // Ended meanwhile, or another worker recovered it first: the profiler's own checks take it from here.
    if (!current || current.status !== "processing" || current.profilingWorkerId !== file.profilingWorkerId) return "profile";
    const crashes = current.profilingCrashes + (crashed ? 1 : 0);
    if (crashes >= 2) {
      const after = await transitionFile(tx, ctx, current, "failed", {
        profilingWorkerId: null,
        profilingCrashes: crashes,
        rowCount: null,
        errorCount: 1,
        errors: [{ file: current.name, line: 0, message: FILE_CRASHED_TWICE_MESSAGE }],
        rejectedLines: [],
        profiledAt: new Date(),
      });
      await recordAudit(tx, ctx, {
        action: "file.profiled",
        resourceType: "file",
        resourceId: fileId,
        changes: { before: { status: current.status }, after: { status: after.status, reason: "worker_crashed_twice", revision: after.revision } },
      });
      return "failed";
    }
    await tx
      .update(uploadedFiles)
      .set({ profilingWorkerId: workerId, profilingCrashes: crashes })
      .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.id, fileId)));
    return "profile";
  });
}

/**
 * The profiling ended without its process dying (recorded, or thrown for
 * graphile-worker's retry): the file is no longer this worker's, and a
 * profiling that completed clears the crash count.
 */
export async function endFileProfiling(ctx: OrgContext, fileId: string, workerId: string, options: { completed: boolean }): Promise<void> {
  await inOrgTransaction(ctx.orgId, (tx) =>
    tx
      .update(uploadedFiles)
      .set({ profilingWorkerId: null, ...(options.completed ? { profilingCrashes: sql`0` } : {}) })
      .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.id, fileId), eq(uploadedFiles.profilingWorkerId, workerId))),
  );
}
