import { and, eq } from "drizzle-orm";
import { systemActor } from "~/core/access";
import { beginFileProfiling, endFileProfiling, fileProfilingNeedsIsolation } from "~/modules/files/index.server";
import { profileUploadedFile } from "~/modules/files/index.server";
import { applyFileFaults, enqueueInboxTriggers } from "~/modules/streams/index.server";
import { getDb } from "~/platform/db/client";
import { enqueue } from "~/platform/jobs";
import { uploadedFiles } from "~/platform/db/schema";
import { workerIdentity } from "../identity";
import { DEFER_MS, runAdmitted } from "../job-isolation";
import type { JobHandler } from "./job-handler";

/**
 * Queued with every upload and every re-profile request (job key
 * `profile_file:<fileId>`): detects the file's format and columns, reads it
 * through once, and records the file as ready or failed. The file records
 * which worker profiles it, so a profiling whose worker died is re-run alone
 * on a worker, and a second crash fails the file with the reason
 * (file-profiling-recovery.server.ts).
 */
export const profileFile: JobHandler<"profile_file"> = async ({ orgId, fileId }, helpers) => {
  const ctx = { orgId, actor: systemActor("worker:profile_file") };
  const workerId = workerIdentity.workerId;
  await runAdmitted({
    needsIsolation: () => fileProfilingNeedsIsolation(ctx, fileId, workerId),
    run: async () => {
      if ((await beginFileProfiling(ctx, fileId, workerId)) === "failed") return;
      await applyFileFaults(() => fileNameOf(orgId, fileId));
      let completed = false;
      try {
        await profileUploadedFile(ctx, fileId, { lastAttempt: helpers.job.attempts >= helpers.job.max_attempts, whenReady: enqueueInboxTriggers });
        completed = true;
      } finally {
        await endFileProfiling(ctx, fileId, workerId, { completed });
      }
    },
    defer: async () => {
      await enqueue(helpers, "profile_file", { orgId, fileId }, { jobKey: `profile_file:${fileId}`, runAt: new Date(Date.now() + DEFER_MS), maxAttempts: 5 });
    },
  });
};

async function fileNameOf(orgId: string, fileId: string): Promise<string | undefined> {
  const [file] = await getDb().select({ name: uploadedFiles.name }).from(uploadedFiles).where(and(eq(uploadedFiles.orgId, orgId), eq(uploadedFiles.id, fileId)));
  return file?.name;
}
