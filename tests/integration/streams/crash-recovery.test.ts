import type { Runner } from "graphile-worker";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "~/core/access/actor";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { beginFileProfiling, FILE_CRASHED_TWICE_MESSAGE } from "~/modules/files/profiling-recovery.server";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { CRASHED_TWICE_MESSAGE, recoverOrphanedStepRuns } from "~/modules/streams/runtime/step-crash-recovery.server";
import { executeStepRun } from "~/modules/streams/runtime/step-executor.server";
import { armGate } from "~/modules/streams/runtime/test-gates.server";
import { getDb } from "~/platform/db/client";
import { exceptions, reconciliationArtifacts, uploadedFiles } from "~/platform/db/schema";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor, waitForRunEnd } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * Crash recovery without killing a process: a step attempt claimed under a
 * worker id that never beats is exactly what a worker killed mid-step
 * leaves behind (a running step whose owner is dead). The test holds that
 * attempt at a gate, as a dead process would hold it forever, and lets the
 * real reaper and worker recover it.
 */
let baseUrl: string;
let org: TestOrg;
let admin: ApiClient;
let operator: ApiClient;
let runner: Runner | undefined;
let ordersFileId: string;
let paymentsFileId: string;
let ruleSetId: string;

const ORDERS = "order_id,amount,currency\nA-1,10.00,USD\nA-2,20.00,USD\nA-3,30.00,USD\n";
const PAYMENTS = "ref,amount,currency\nA-1,10.00,USD\nA-2,25.00,USD\nB-9,5.00,USD\n";

async function upload(name: string, text: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([text], { type: "text/csv" }), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${org.keys.operator}` } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function fileOf(id: string) {
  return (await (await admin.get(`/api/v1/files/${id}`)).json()) as { status: string; errors: Array<{ message: string }>; rowCount: number | null };
}

async function waitForFileEnd(id: string) {
  return waitFor(async () => {
    const file = await fileOf(id);
    return file.status === "processing" ? undefined : file;
  }, 60_000, `profiling of ${id}`);
}

const definition = {
  source: {
    mappings: [
      { field: "id", column: "order_id" },
      { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "currency" },
    ],
  },
  target: {
    mappings: [
      { field: "id", column: "ref" },
      { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] },
      { field: "currency", column: "currency" },
    ],
  },
  passes: [{ name: "by id", keys: ["id"], amount: { toleranceMinor: 0, mismatchOnKeyMatch: true } }],
};

async function startWorkerOnce(): Promise<void> {
  runner ??= await startTestWorker(2);
}

async function stopWorker(): Promise<void> {
  await runner?.stop();
  runner = undefined;
}

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
  admin = apiClient(baseUrl, org.keys.admin);
  operator = apiClient(baseUrl, org.keys.operator);
  await startWorkerOnce();
  ordersFileId = await upload("orders.csv", ORDERS);
  paymentsFileId = await upload("payments.csv", PAYMENTS);
  expect((await waitForFileEnd(ordersFileId)).status).toBe("ready");
  expect((await waitForFileEnd(paymentsFileId)).status).toBe("ready");
  ruleSetId = (await createRuleSet(org.ownerCtx, { name: "Orders vs payments", definition: ruleSetDefinitionSchema.parse(definition) })).ruleSet.id;
}, 120_000);

afterEach(async () => stopWorker());
afterAll(async () => stopWorker());

async function createStream(): Promise<string> {
  const step = { key: "match", name: "Match", ruleSetId, inputs: { source: { kind: "FILE", fileId: ordersFileId }, target: { kind: "FILE", fileId: paymentsFileId } } };
  const response = await admin.post("/api/v1/streams", { name: `Stream ${Math.random()}`, definition: { steps: [step] } });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function startRun(streamId: string): Promise<string> {
  const response = await operator.post(`/api/v1/streams/${streamId}/runs`, {});
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

interface StepView {
  id: string;
  state: string;
  attempt: number;
  attempts: Array<{ outcome: string; failure?: { code: string } }>;
  failure: { classification: string; code: string; message: string } | null;
}

async function stepsOf(runId: string): Promise<StepView[]> {
  return ((await (await admin.get(`/api/v1/stream-runs/${runId}/steps`)).json()) as { data: StepView[] }).data;
}

/** The run's outcome as data: its exceptions (type, amounts, rows) and artifact checksums, independent of ids and times. */
async function resultsOf(runId: string) {
  const raised = await getDb()
    .select({ type: exceptions.type, amountMinor: exceptions.amountMinor, difference: exceptions.amountDifferenceMinor, currency: exceptions.currency, fingerprint: exceptions.fingerprint })
    .from(exceptions)
    .where(and(eq(exceptions.orgId, org.orgId), eq(exceptions.streamRunId, runId)))
    .orderBy(asc(exceptions.fingerprint));
  const artifacts = await getDb()
    .select({ type: reconciliationArtifacts.artifactType, checksum: reconciliationArtifacts.checksum, rows: reconciliationArtifacts.rowCount })
    .from(reconciliationArtifacts)
    .where(and(eq(reconciliationArtifacts.orgId, org.orgId), eq(reconciliationArtifacts.runId, runId)))
    .orderBy(asc(reconciliationArtifacts.artifactType));
  return { exceptions: raised, artifacts };
}

/**
 * Claims the run's step under a worker id that never beats and holds the
 * attempt at its first checkpoint: from then on it is a step of a dead worker.
 */
async function orphanStep(runId: string, ghostWorkerId: string) {
  const [step] = await stepsOf(runId);
  const gate = armGate("after_resolve");
  const attempt = executeStepRun(org.orgId, step!.id, { workerId: ghostWorkerId });
  await gate.reached;
  return { stepRunId: step!.id, release: async () => (gate.open(), attempt) };
}

describe("a step left running by a dead worker", () => {
  it("is re-run from scratch by the next worker, its dead attempt recorded as crashed, with results identical to an uninterrupted run", async () => {
    const streamId = await createStream();
    await startWorkerOnce();
    const cleanRunId = await startRun(streamId);
    expect((await waitForRunEnd(admin, cleanRunId)).state).toBe("succeeded");
    await stopWorker();

    const runId = await startRun(streamId);
    const ghost = await orphanStep(runId, "worker_ghost_rerun");
    await startWorkerOnce();
    expect((await waitForRunEnd(admin, runId)).state).toBe("succeeded");
    const [step] = await stepsOf(runId);
    expect(step!.attempts.map((attempt) => attempt.outcome)).toEqual(["crashed", "succeeded"]);
    expect(step!.attempts[0]!.failure?.code).toBe("worker_crashed");
    expect(await resultsOf(runId)).toEqual(await resultsOf(cleanRunId));
    // The dead attempt, were it ever to wake, commits nothing over the re-run's results.
    expect(await ghost.release()).toBe("skipped_not_claimed");
    expect(await resultsOf(runId)).toEqual(await resultsOf(cleanRunId));
  });

  it("fails for good with the reason after a second crash, and the run fails with it", async () => {
    const runId = await startRun(await createStream());
    const first = await orphanStep(runId, "worker_ghost_one");
    expect(await recoverOrphanedStepRuns()).toEqual([{ stepRunId: first.stepRunId, outcome: "requeued" }]);
    expect((await stepsOf(runId))[0]).toMatchObject({ state: "retrying", attempts: [{ outcome: "crashed" }] });
    const second = await orphanStep(runId, "worker_ghost_two");
    expect(await recoverOrphanedStepRuns()).toEqual([{ stepRunId: second.stepRunId, outcome: "failed" }]);

    const [step] = await stepsOf(runId);
    expect(step).toMatchObject({ state: "failed", attempt: 2, failure: { classification: "permanent", code: "worker_crashed_twice", message: CRASHED_TWICE_MESSAGE } });
    expect(step!.attempts.map((attempt) => attempt.outcome)).toEqual(["crashed", "crashed"]);
    expect((await waitForRunEnd(admin, runId)).state).toBe("failed");
    expect([await first.release(), await second.release()]).toEqual(["skipped_not_claimed", "skipped_not_claimed"]);
  });

  it("ends cancelled when its run is cancelled: no live worker is needed for the cancel to finish", async () => {
    const runId = await startRun(await createStream());
    const ghost = await orphanStep(runId, "worker_ghost_cancel");
    const cancel = await operator.post(`/api/v1/stream-runs/${runId}/cancel`);
    expect(cancel.status).toBe(202);
    expect(await recoverOrphanedStepRuns()).toEqual([{ stepRunId: ghost.stepRunId, outcome: "cancelled" }]);
    expect((await waitForRunEnd(admin, runId, 10_000)).state).toBe("cancelled");
    expect((await stepsOf(runId)).map((step) => [step.state, step.attempts.map((attempt) => attempt.outcome)])).toEqual([["cancelled", ["crashed"]]]);
    expect(await ghost.release()).toBe("skipped_not_claimed");
  });

  it("is left alone while its worker beats: a live worker's long step is never taken from it", async () => {
    await startWorkerOnce();
    const streamId = await createStream();
    const gate = armGate("after_resolve");
    const runId = await startRun(streamId);
    await gate.reached;
    // The step is held mid-attempt by the live in-process worker, which keeps beating.
    expect(await recoverOrphanedStepRuns()).toEqual([]);
    expect((await stepsOf(runId))[0]).toMatchObject({ state: "running", attempt: 1 });
    gate.open();
    expect((await waitForRunEnd(admin, runId)).state).toBe("succeeded");
    expect((await stepsOf(runId))[0]!.attempts.map((attempt) => attempt.outcome)).toEqual(["succeeded"]);
  });
});

describe("a file left processing by a dead worker", () => {
  const worker = { actor: systemActor("test") };

  it("is profiled again by the next worker and ends ready", async () => {
    await stopWorker();
    const fileId = await upload("orders-again.csv", ORDERS);
    expect(await beginFileProfiling({ orgId: org.orgId, ...worker }, fileId, "worker_ghost_file")).toBe("profile");
    await startWorkerOnce();
    const file = await waitForFileEnd(fileId);
    expect([file.status, file.rowCount]).toEqual(["ready", 3]);
    const [row] = await getDb().select().from(uploadedFiles).where(eq(uploadedFiles.id, fileId));
    expect([row!.profilingWorkerId, row!.profilingCrashes]).toEqual([null, 0]);
  });

  it("fails with the reason when its profiling crashed a worker twice", async () => {
    await stopWorker();
    const fileId = await upload("poison.csv", ORDERS);
    const ctx = { orgId: org.orgId, ...worker };
    expect(await beginFileProfiling(ctx, fileId, "worker_ghost_file_one")).toBe("profile");
    expect(await beginFileProfiling(ctx, fileId, "worker_ghost_file_two")).toBe("profile");
    await startWorkerOnce();
    const file = await waitForFileEnd(fileId);
    expect(file.status).toBe("failed");
    expect(file.errors.map((error) => error.message)).toEqual([FILE_CRASHED_TWICE_MESSAGE]);
  });
});
