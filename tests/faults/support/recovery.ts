import { and, asc, eq } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { getDb } from "~/platform/db/client";
import { exceptions, reconciliationArtifacts, reconciliationStepRuns } from "~/platform/db/schema";
import { waitFor } from "../../support/streams";

/** Small helpers for the crash-recovery fault tests, reading the app's database directly. */

/** Waits until one of the run's steps is running, and returns it with its owner's pid (from worker_heartbeats). */
export async function waitForRunningStep(orgId: string, runId: string, stepKey?: string) {
  return waitFor(async () => {
    const rows = (await getDb().execute(sql`
      select s.id, s.step_key as "stepKey", s.owner_worker_id as "ownerWorkerId", h.pid
      from reconciliation_step_runs s join worker_heartbeats h on h.worker_id = s.owner_worker_id
      where s.org_id = ${orgId} and s.run_id = ${runId} and s.state = 'running' ${stepKey ? sql`and s.step_key = ${stepKey}` : sql``}
      limit 1`)) as unknown as Array<{ id: string; stepKey: string; ownerWorkerId: string; pid: number }>;
    return rows[0];
  }, 60_000, `a running step of run ${runId}`);
}

/** The worker process profiling the file now. */
export async function waitForProfilingWorkerPid(orgId: string, fileId: string): Promise<number> {
  return waitFor(async () => {
    const rows = (await getDb().execute(sql`
      select h.pid from uploaded_files f join worker_heartbeats h on h.worker_id = f.profiling_worker_id
      where f.org_id = ${orgId} and f.id = ${fileId} and f.status = 'processing'`)) as unknown as Array<{ pid: number }>;
    return rows[0]?.pid;
  }, 60_000, `profiling of ${fileId}`);
}

/** The attempts' outcomes of each step of a run, in definition order. */
export async function attemptOutcomes(orgId: string, runId: string): Promise<Record<string, string[]>> {
  const rows = await getDb()
    .select({ stepKey: reconciliationStepRuns.stepKey, attempts: reconciliationStepRuns.attempts })
    .from(reconciliationStepRuns)
    .where(and(eq(reconciliationStepRuns.orgId, orgId), eq(reconciliationStepRuns.runId, runId)))
    .orderBy(asc(reconciliationStepRuns.position));
  return Object.fromEntries(rows.map((row) => [row.stepKey, row.attempts.map((attempt) => attempt.outcome)]));
}

/** A run's results as data, independent of ids and times: each step's exceptions and artifact checksums. */
export async function runResults(orgId: string, runId: string) {
  const raised = await getDb()
    .select({ stepKey: exceptions.stepKey, type: exceptions.type, amountMinor: exceptions.amountMinor, difference: exceptions.amountDifferenceMinor, currency: exceptions.currency, fingerprint: exceptions.fingerprint })
    .from(exceptions)
    .where(and(eq(exceptions.orgId, orgId), eq(exceptions.streamRunId, runId)))
    .orderBy(asc(exceptions.stepKey), asc(exceptions.fingerprint), asc(exceptions.type));
  const artifacts = await getDb()
    .select({ stepKey: reconciliationStepRuns.stepKey, type: reconciliationArtifacts.artifactType, checksum: reconciliationArtifacts.checksum, rows: reconciliationArtifacts.rowCount })
    .from(reconciliationArtifacts)
    .innerJoin(reconciliationStepRuns, eq(reconciliationStepRuns.id, reconciliationArtifacts.stepRunId))
    .where(and(eq(reconciliationArtifacts.orgId, orgId), eq(reconciliationArtifacts.runId, runId)))
    .orderBy(asc(reconciliationStepRuns.stepKey), asc(reconciliationArtifacts.artifactType));
  return { exceptions: raised, artifacts };
}
