import type { Task } from "graphile-worker";
import { z } from "zod";
import { tickSchedules } from "~/modules/streams/index.server";

const payloadSchema = z.object({}).passthrough();

/**
 * Fired by cron every minute: queues a start for every due schedule tick,
 * across orgs. Reads the clock itself rather than the cron payload's time, so
 * a tick that ran late still sees everything due by now.
 */
export const schedulerTick: Task = async (payload, helpers) => {
  payloadSchema.parse(payload ?? {});
  const summary = await tickSchedules(new Date());
  if (summary.triggers > 0) {
    helpers.logger.info(`scheduler: ${summary.triggers} trigger(s), ${summary.ticksQueued} tick(s) queued, ${summary.ticksSkipped} skipped`);
  }
};
