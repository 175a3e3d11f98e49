import { startQueuedTriggeredRun } from "~/modules/streams/index.server";
import type { JobHandler } from "./job-handler";

/**
 * Queued by the scheduler (one job per tick), by a file becoming ready in an
 * inbox and by a run ending (job keys `trigger:<id>:tick|file|run:<key>`):
 * claims the occurrence's firing row and starts its run, once, however often
 * the job is delivered.
 */
export const startTriggeredRun: JobHandler<"start_triggered_run"> = async ({ orgId, ...job }, helpers) => {
  const result = await startQueuedTriggeredRun(orgId, job);
  if (result) helpers.logger.info(`trigger ${job.triggerId} ${job.dedupeKey}: ${result.firing.outcome}${result.runId ? ` run ${result.runId}` : ""}`);
};
