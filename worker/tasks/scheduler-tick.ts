import { tickSchedules } from "~/modules/streams/index.server";
import type { JobHandler } from "./job-handler";

/**
 * Fired by cron every minute: queues a start for every due schedule tick,
 * across orgs. Reads the clock itself rather than the cron payload's time, so
 * a tick that ran late still sees everything due by now.
 */
export const schedulerTick: JobHandler<"scheduler_tick"> = async (_payload, helpers) => {
  const summary = await tickSchedules(new Date());
  if (summary.triggers > 0) {
    helpers.logger.info(`scheduler: ${summary.triggers} trigger(s), ${summary.ticksQueued} tick(s) queued, ${summary.ticksSkipped} skipped`);
  }
};
