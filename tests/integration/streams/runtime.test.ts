import type { Runner } from "graphile-worker";
import { and, count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { clearStorageFaults, injectStorageFaults } from "~/platform/storage/fault-injection.server";
import { executeStepRun } from "~/modules/streams/runtime/step-executor.server";
import { armGate } from "~/modules/streams/runtime/test-gates.server";
import { getDb } from "~/platform/db/client";
import { auditEvents, exceptions, reconciliationArtifacts, reconciliationLineageEvents, reconciliationRuns, uploadedFiles } from "~/platform/db/schema";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor, waitForRunEnd } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * The runtime's promises under failure (acceptance 3, 6 and 7): transient
 * faults retry with backoff and leave no duplicates, permanent ones go to
 * the dead letters until a person retries, cancellation stops a step
 * mid-flight without committing, re-runs and duplicate deliveries are safe,
 * and concurrent identical requests start one run.
 */
let baseUrl: string;
let org: TestOrg;
let admin: ApiClient;
let operator: ApiClient;
let runner: Runner;
let ordersFileId: string;
let paymentsFileId: string;
let ruleSetId: string;
let brokenRuleSetId: string;

const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 50 };

async function upload(name: string, text: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([text], { type: "text/csv" }), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${org.keys.operator}` } });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await waitFor(async () => (((await (await admin.get(`/api/v1/files/${id}`)).json()) as { status: string }).status === "ready" ? true : undefined), 30_000, "profiling");
  return id;
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

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
  admin = apiClient(baseUrl, org.keys.admin);
  operator = apiClient(baseUrl, org.keys.operator);
  runner = await startTestWorker(2);
  ordersFileId = await upload("orders.csv", "order_id,amount,currency\nA-1,10.00,USD\nA-2,20.00,USD\nA-3,30.00,USD\n");
  paymentsFileId = await upload("payments.csv", "ref,amount,currency\nA-1,10.00,USD\nA-2,25.00,USD\nB-9,5.00,USD\n");
  ruleSetId = (await createRuleSet(org.ownerCtx, { name: "Orders vs payments", definition: ruleSetDefinitionSchema.parse(definition) })).ruleSet.id;
  // Maps a column the orders file does not have: a rule error at run time, which no retry can fix.
  const broken = { ...definition, source: { mappings: [{ ...definition.source.mappings[0], column: "no_such_column" }, ...definition.source.mappings.slice(1)] } };
  brokenRuleSetId = (await createRuleSet(org.ownerCtx, { name: "Broken", definition: ruleSetDefinitionSchema.parse(broken) })).ruleSet.id;
}, 120_000);

afterEach(() => clearStorageFaults());
afterAll(async () => {
  await runner?.stop();
});

function oneStep(key = "match", extra: Record<string, unknown> = {}) {
  return { key, name: `Step ${key}`, ruleSetId, retry: FAST_RETRY, inputs: { source: { kind: "FILE", fileId: ordersFileId }, target: { kind: "FILE", fileId: paymentsFileId } }, ...extra };
}

async function createStreamVia(definitionBody: Record<string, unknown>, name = "Stream"): Promise<string> {
  const response = await admin.post("/api/v1/streams", { name, definition: definitionBody });
  if (response.status !== 201) throw new Error(`stream not created: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

async function startRun(streamId: string, init?: RequestInit): Promise<string> {
  const response = await operator.post(`/api/v1/streams/${streamId}/runs`, {}, init);
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

async function stepsOf(runId: string) {
  return ((await (await admin.get(`/api/v1/stream-runs/${runId}/steps`)).json()) as {
    data: Array<{ id: string; stepKey: string; state: string; attempt: number; attempts: Array<{ outcome: string; retryDelayMs?: number; failure?: { classification: string; code: string } }>; failure: { classification: string; code: string } | null; deadLetteredAt: string | null }>;
  }).data;
}

async function rowCounts(runId: string) {
  const db = getDb();
  const [artifacts] = await db.select({ n: count() }).from(reconciliationArtifacts).where(eq(reconciliationArtifacts.runId, runId));
  const [raised] = await db.select({ n: count() }).from(exceptions).where(eq(exceptions.streamRunId, runId));
  const [lineage] = await db.select({ n: count() }).from(reconciliationLineageEvents).where(eq(reconciliationLineageEvents.runId, runId));
  const [artifactFiles] = await db.select({ n: count() }).from(uploadedFiles).where(and(eq(uploadedFiles.orgId, org.orgId), eq(uploadedFiles.kind, "artifact")));
  return { artifacts: artifacts!.n, exceptions: raised!.n, lineage: lineage!.n, artifactFiles: artifactFiles!.n };
}

describe("a step that fails", () => {
  it("retries a transient storage fault with backoff and succeeds once, with no duplicate artifacts, exceptions or lineage", async () => {
    const streamId = await createStreamVia({ steps: [oneStep()] });
    const filesBefore = (await rowCounts("none")).artifactFiles;
    injectStorageFaults({ failPuts: 2 });
    const runId = await startRun(streamId);
    const run = await waitForRunEnd(admin, runId);
    expect(run.state).toBe("succeeded");
    const [step] = await stepsOf(runId);
    expect(step!.attempt).toBe(3);
    expect(step!.attempts.map((attempt) => attempt.outcome)).toEqual(["retrying", "retrying", "succeeded"]);
    for (const attempt of step!.attempts.slice(0, 2)) {
      expect(attempt.failure).toMatchObject({ classification: "transient", code: "storage_io" });
      expect(attempt.retryDelayMs).toBeGreaterThanOrEqual(0);
      expect(attempt.retryDelayMs).toBeLessThanOrEqual(FAST_RETRY.maxDelayMs);
    }
    // UNMATCHED_SOURCE, UNMATCHED_TARGET, EXCEPTIONS; A-2 amount mismatch, A-3 and B-9 missing.
    const counts = await rowCounts(runId);
    expect(counts).toEqual({ artifacts: 3, exceptions: 3, lineage: 2 + 3, artifactFiles: filesBefore + 3 });
  });

  it("parks a permanent fault in the dead letters without retrying, skips what depends on it, and finishes the run after a retry", async () => {
    const streamId = await createStreamVia({
      steps: [oneStep("first"), { ...oneStep("second"), inputs: { source: { kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "first" }, target: { kind: "STEP_OUTPUT_UNMATCHED_TARGET", stepKey: "first" } } }],
    });
    injectStorageFaults({ failPuts: 1, classification: "permanent" });
    const runId = await startRun(streamId);
    expect((await waitForRunEnd(admin, runId)).state).toBe("failed");
    const [first, second] = await stepsOf(runId);
    expect([first!.state, first!.attempt, first!.failure?.classification, second!.state]).toEqual(["failed", 1, "permanent", "skipped"]);
    expect(first!.deadLetteredAt).not.toBeNull();
    const deadLetters = (await (await admin.get("/api/v1/dead-letters")).json()) as { data: Array<{ stepRunId: string }> };
    expect(deadLetters.data.map((letter) => letter.stepRunId)).toContain(first!.id);
    expect(await rowCounts(runId)).toMatchObject({ artifacts: 0, exceptions: 0, lineage: 0 });

    const retried = await operator.post(`/api/v1/step-runs/${first!.id}/retry`);
    expect(retried.status).toBe(202);
    expect((await waitForRunEnd(admin, runId)).state).toBe("succeeded");
    const after = await stepsOf(runId);
    expect(after.map((step) => [step.stepKey, step.state])).toEqual([["first", "succeeded"], ["second", "succeeded"]]);
    expect(after[0]!.attempt).toBe(2);
    const stillDead = (await (await admin.get("/api/v1/dead-letters")).json()) as { data: Array<{ stepRunId: string }> };
    expect(stillDead.data.map((letter) => letter.stepRunId)).not.toContain(first!.id);
    // Retrying a step that has not failed is a conflict.
    expect((await operator.post(`/api/v1/step-runs/${first!.id}/retry`)).status).toBe(409);
  });

  it("under CONTINUE_ON_NONCRITICAL skips only the failed step's dependants and ends partially_succeeded", async () => {
    const streamId = await createStreamVia({
      settings: { failurePolicy: "CONTINUE_ON_NONCRITICAL" },
      steps: [
        { ...oneStep("optional"), ruleSetId: brokenRuleSetId, critical: false },
        { ...oneStep("after_optional"), dependsOn: ["optional"] },
        oneStep("independent"),
      ],
    });
    const runId = await startRun(streamId);
    expect((await waitForRunEnd(admin, runId)).state).toBe("partially_succeeded");
    const steps = await stepsOf(runId);
    expect(steps.map((step) => [step.stepKey, step.state])).toEqual([
      ["optional", "failed"],
      ["after_optional", "skipped"],
      ["independent", "succeeded"],
    ]);
    // The rule set maps a column the file lacks: a permanent failure that names the columns (and offers another file, not a retry).
    expect(steps[0]!.failure).toMatchObject({ classification: "permanent", code: "input_columns_missing" });
  });

  it("under STOP_ON_FAILURE fails the run when a step fails", async () => {
    const streamId = await createStreamVia({ steps: [{ ...oneStep("bad"), ruleSetId: brokenRuleSetId }, { ...oneStep("next"), dependsOn: ["bad"] }] });
    const runId = await startRun(streamId);
    expect((await waitForRunEnd(admin, runId)).state).toBe("failed");
    expect((await stepsOf(runId)).map((step) => step.state)).toEqual(["failed", "skipped"]);
  });
});

describe("cancel, rerun and duplicate delivery", () => {
  it("cancels a run mid-step: the running step stops at its checkpoint and commits nothing", async () => {
    const streamId = await createStreamVia({ steps: [oneStep()] });
    const gate = armGate("after_resolve");
    const runId = await startRun(streamId);
    await gate.reached;
    const cancelled = await operator.post(`/api/v1/stream-runs/${runId}/cancel`);
    expect(cancelled.status).toBe(202);
    expect(((await cancelled.json()) as { state: string }).state).toBe("cancelling");
    gate.open();
    expect((await waitForRunEnd(admin, runId)).state).toBe("cancelled");
    expect((await stepsOf(runId)).map((step) => step.state)).toEqual(["cancelled"]);
    expect(await rowCounts(runId)).toMatchObject({ artifacts: 0, exceptions: 0, lineage: 0 });
    const again = await operator.post(`/api/v1/stream-runs/${runId}/cancel`);
    expect(again.status).toBe(409);
    expect((await problemOf(again)).type).toBe("/problems/conflict");
    const audit = await getDb().select().from(auditEvents).where(and(eq(auditEvents.orgId, org.orgId), eq(auditEvents.resourceId, runId)));
    expect(audit.map((event) => event.action)).toEqual(expect.arrayContaining(["stream_run.started", "stream_run.cancel_requested"]));
  });

  it("re-runs an ended run with the same version and parameters, linked to the original", async () => {
    const streamId = await createStreamVia({ steps: [oneStep()] });
    const runId = await startRun(streamId);
    await waitForRunEnd(admin, runId);
    const response = await operator.post(`/api/v1/stream-runs/${runId}/rerun`);
    expect(response.status).toBe(202);
    const rerun = (await response.json()) as { id: string; rerunOf: string; streamVersion: number; trigger: { kind: string; rerunOf: string } };
    expect([rerun.rerunOf, rerun.trigger.kind, rerun.trigger.rerunOf, rerun.streamVersion]).toEqual([runId, "rerun", runId, 1]);
    expect((await waitForRunEnd(admin, rerun.id)).state).toBe("succeeded");
    expect(await rowCounts(rerun.id)).toMatchObject({ artifacts: 3, exceptions: 3 });
  });

  it("treats a re-delivered job for a finished step as a no-op", async () => {
    const streamId = await createStreamVia({ steps: [oneStep()] });
    const runId = await startRun(streamId);
    await waitForRunEnd(admin, runId);
    const before = await rowCounts(runId);
    const [step] = await stepsOf(runId);
    expect(await executeStepRun(org.orgId, step!.id)).toBe("skipped_not_claimed");
    expect(await rowCounts(runId)).toEqual(before);
  });
});

describe("files used by runs", () => {
  it("refuses to delete a file a run read while the run's artifacts are retained, and an artifact's own file", async () => {
    const streamId = await createStreamVia({ steps: [oneStep()] });
    const runId = await startRun(streamId);
    await waitForRunEnd(admin, runId);
    const used = await admin.delete(`/api/v1/files/${ordersFileId}`);
    expect(used.status).toBe(409);
    expect((await problemOf(used)).detail).toContain("input of a run");
    const [artifact] = await getDb().select().from(reconciliationArtifacts).where(eq(reconciliationArtifacts.runId, runId));
    expect((await admin.delete(`/api/v1/files/${artifact!.fileId}`)).status).toBe(409);
    const unused = await upload("unused.csv", "order_id,amount,currency\nZ-1,1.00,USD\n");
    expect((await admin.delete(`/api/v1/files/${unused}`)).status).toBe(200);
  });
});

describe("concurrency", () => {
  it("runs 10 stream runs in parallel to success", async () => {
    const streamId = await createStreamVia({ steps: [oneStep("a"), oneStep("b")] });
    const runIds = await Promise.all(Array.from({ length: 10 }, () => startRun(streamId)));
    const ended = await Promise.all(runIds.map((runId) => waitForRunEnd(admin, runId, 120_000)));
    expect(ended.map((run) => run.state)).toEqual(Array(10).fill("succeeded"));
  }, 150_000);

  it("starts exactly one run for 100 concurrent identical requests with one Idempotency-Key", async () => {
    const streamId = await createStreamVia({ steps: [oneStep()] });
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => operator.post(`/api/v1/streams/${streamId}/runs`, {}, { headers: { "Idempotency-Key": `month-end-${streamId}` } })),
    );
    const ids = new Set<string>();
    for (const response of responses) {
      expect(response.status).toBe(202);
      ids.add(((await response.json()) as { id: string }).id);
    }
    expect(ids.size).toBe(1);
    const [runs] = await getDb().select({ n: count() }).from(reconciliationRuns).where(eq(reconciliationRuns.streamId, streamId));
    expect(runs!.n).toBe(1);
  }, 60_000);
});
