import type { Task } from "graphile-worker";
import { z } from "zod";
import { startQueuedTriggeredRun } from "~/modules/streams/index.server";

const runTriggerSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("schedule"), triggerId: z.string().min(1), scheduledFor: z.string().min(1) }),
  z.object({
    kind: z.literal("event"),
    triggerId: z.string().min(1),
    event: z.enum(["inbox", "webhook", "run_completion"]),
    eventId: z.string().min(1),
  }),
]);

const payloadSchema = z.object({
  orgId: z.string().min(1),
  triggerId: z.string().min(1),
  dedupeKey: z.string().min(1),
  runTrigger: runTriggerSchema,
  parameters: z.record(z.string(), z.string()).default({}),
});

/**
 * Queued by the scheduler (one job per tick), by a file becoming ready in an
 * inbox and by a run ending (job keys `trigger:<id>:tick|file|run:<key>`):
 * claims the occurrence's firing row and starts its run, once, however often
 * the job is delivered.
 */
export const startTriggeredRun: Task = async (payload, helpers) => {
  const { orgId, ...job } = payloadSchema.parse(payload);
  const result = await startQueuedTriggeredRun(orgId, job);
  if (result) helpers.logger.info(`trigger ${job.triggerId} ${job.dedupeKey}: ${result.firing.outcome}${result.runId ? ` run ${result.runId}` : ""}`);
};
