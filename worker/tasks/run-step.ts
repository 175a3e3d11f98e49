import type { Task } from "graphile-worker";
import { z } from "zod";
import { executeStepRun } from "../../app/streams/step-executor.server";

const payloadSchema = z.object({ orgId: z.string().min(1), stepRunId: z.string().min(1) });

/**
 * One attempt of one step run (job key `run_step:<stepRunId>`). Retries and
 * their backoff are the step's own policy, recorded on the step run, not
 * graphile-worker's: a failed attempt is an outcome this task records and
 * returns from. Only an error it cannot even record (the database gone)
 * escapes, and then graphile-worker's retry brings the job back.
 */
export const runStep: Task = async (payload, helpers) => {
  const { orgId, stepRunId } = payloadSchema.parse(payload);
  const outcome = await executeStepRun(orgId, stepRunId);
  helpers.logger.debug(`step run ${stepRunId}: ${outcome}`);
};
