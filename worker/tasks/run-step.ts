import { and, eq } from "drizzle-orm";
import { executeStepRun } from "~/modules/streams/index.server";
import { enqueueStepRun } from "~/modules/streams/index.server";
import { isOwnerDead, stepRunNeedsIsolation } from "~/modules/streams/index.server";
import { getDb } from "~/platform/db/client";
import { reconciliationStepRuns } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { workerIdentity } from "../identity";
import { DEFER_MS, runAdmitted } from "../job-isolation";
import type { JobHandler } from "./job-handler";

/**
 * One attempt of one step run (job key `run_step:<stepRunId>`). Retries and
 * their backoff are the step's own policy, recorded on the step run, not
 * graphile-worker's: a failed attempt is an outcome this task records and
 * returns from. Only an error it cannot even record (the database gone)
 * escapes, and then graphile-worker's retry brings the job back. A step
 * whose attempt died with its worker runs alone on this worker
 * (job-isolation.ts), or steps aside until it can.
 */
export const runStep: JobHandler<"run_step"> = async ({ orgId, stepRunId }, helpers) => {
  await runAdmitted({
    needsIsolation: async () => {
      const [stepRun] = await getDb().select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, orgId), eq(reconciliationStepRuns.id, stepRunId)));
      if (!stepRun) return false;
      const orphaned = stepRun.state === "running" && stepRun.ownerWorkerId !== workerIdentity.workerId && (await isOwnerDead(stepRun));
      return stepRunNeedsIsolation(stepRun, orphaned);
    },
    run: async () => {
      const outcome = await executeStepRun(orgId, stepRunId, { workerId: workerIdentity.workerId });
      helpers.logger.debug(`step run ${stepRunId}: ${outcome}`);
    },
    defer: () => inOrgTransaction(orgId, (tx) => enqueueStepRun(tx, stepRunId, new Date(Date.now() + DEFER_MS))),
  });
};
