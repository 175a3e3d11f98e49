import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/platform/db/client";
import { reconciliationStepRuns } from "~/platform/db/schema";
import { createTestOrg, type TestOrg } from "../support/factories";
import { createEcommerceRuleSets, ecommercePipeline, uploadFixture, waitFor, waitForRunEnd } from "../support/streams";
import { apiClient, type ApiClient } from "../support/web";
import { startFaultApp, type FaultApp } from "./support/app";
import { attemptOutcomes, runResults, waitForProfilingWorkerPid, waitForRunningStep } from "./support/recovery";
import { and, eq } from "drizzle-orm";

/**
 * The worker process killed with SIGKILL (issue #16): the supervisor
 * restarts it, the reaper releases the dead worker's job locks and
 * re-queues its steps, and runs, files and cancellations all end. Recovery
 * times are shortened (a beat a second, dead after 4 s) so the file runs
 * in seconds; the defaults only scale them.
 */
const SEED = 1;
const HELD_STEP = "charges_payouts";
const HELD_FILE = "held.csv";

let app: FaultApp;
let org: TestOrg;
let other: TestOrg;
let api: ApiClient;
let streamId: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  app = await startFaultApp({
    env: {
      NODE_ENV: "test",
      WORKER_HEARTBEAT_SECONDS: "1",
      WORKER_DEAD_AFTER_SECONDS: "4",
      FAULT_HOLD_STEP_KEY: HELD_STEP,
      FAULT_HOLD_FILE_NAME: HELD_FILE,
      FAULT_HOLD_MS: "4000",
      FAULT_CRASH_STEP_KEY: "poison",
    },
  });
  org = await createTestOrg();
  other = await createTestOrg();
  api = apiClient(app.baseUrl, org.keys.admin);
  for (const [parameter, name] of [["orders", "shopify_orders.csv"], ["balance", "stripe_balance.csv"], ["payouts", "stripe_payouts.csv"], ["bank", "bank_statement.csv"]] as const) {
    files[parameter] = await uploadFixture(app.baseUrl, org.keys.operator, SEED, name);
  }
  const created = await api.post("/api/v1/streams", { name: "Shopify → Stripe → bank", definition: ecommercePipeline(await createEcommerceRuleSets(org)) });
  expect(created.status).toBe(201);
  streamId = ((await created.json()) as { id: string }).id;
}, 240_000);

afterAll(async () => {
  await app?.stop();
});

async function startRun(client: ApiClient, id: string, parameters: Record<string, string>): Promise<string> {
  const response = await client.post(`/api/v1/streams/${id}/runs`, { parameters });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

function killWorker(pid: number): void {
  process.kill(pid, "SIGKILL");
}

describe("kill -9 of the worker", () => {
  it("mid-step: the run finishes with exceptions and artifact checksums identical to an uninterrupted run's", async () => {
    const cleanRunId = await startRun(api, streamId, files);
    expect((await waitForRunEnd(api, cleanRunId, 150_000)).state).toBe("succeeded");

    const runId = await startRun(api, streamId, files);
    const held = await waitForRunningStep(org.orgId, runId, HELD_STEP);
    killWorker(held.pid);
    expect((await waitForRunEnd(api, runId, 150_000)).state).toBe("succeeded");

    expect((await attemptOutcomes(org.orgId, runId))[HELD_STEP]).toEqual(["crashed", "succeeded"]);
    const [clean, recovered] = [await runResults(org.orgId, cleanRunId), await runResults(org.orgId, runId)];
    expect(recovered.artifacts.length).toBeGreaterThan(0);
    expect(recovered).toEqual(clean);
  });

  it("while its run is being cancelled: the run ends cancelled without a person", async () => {
    const runId = await startRun(api, streamId, files);
    const held = await waitForRunningStep(org.orgId, runId, HELD_STEP);
    killWorker(held.pid);
    const cancel = await apiClient(app.baseUrl, org.keys.operator).post(`/api/v1/stream-runs/${runId}/cancel`);
    expect(cancel.status).toBe(202);
    expect((await waitForRunEnd(api, runId, 150_000)).state).toBe("cancelled");
    const [step] = await getDb()
      .select({ state: reconciliationStepRuns.state })
      .from(reconciliationStepRuns)
      .where(and(eq(reconciliationStepRuns.runId, runId), eq(reconciliationStepRuns.stepKey, HELD_STEP)));
    expect(step!.state).toBe("cancelled");
  });

  it("while it profiles an upload: the file ends ready", async () => {
    const form = new FormData();
    form.append("file", new Blob(["order_id,amount,currency\nA-1,10.00,USD\nA-2,20.00,USD\n"], { type: "text/csv" }), HELD_FILE);
    const response = await fetch(`${app.baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${org.keys.operator}` } });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    killWorker(await waitForProfilingWorkerPid(org.orgId, id));
    const file = await waitFor(async () => {
      const current = (await (await api.get(`/api/v1/files/${id}`)).json()) as { status: string; rowCount: number | null };
      return current.status === "processing" ? undefined : current;
    }, 150_000, "the held file's profiling");
    expect([file.status, file.rowCount]).toEqual(["ready", 2]);
  });
});

describe("a poison step that kills its worker", () => {
  it("fails for good after the second crash, with the reason, and the worker goes on serving other orgs", async () => {
    const ruleSets = await createEcommerceRuleSets(org);
    const step = { key: "poison", name: "Poison", ruleSetId: ruleSets.ordersVsCharges, inputs: { source: { kind: "FILE", fileId: files.orders }, target: { kind: "FILE", fileId: files.balance } } };
    const created = await api.post("/api/v1/streams", { name: "Poison", definition: { steps: [step] } });
    expect(created.status).toBe(201);
    const poisonRunId = await startRun(api, ((await created.json()) as { id: string }).id, {});
    expect((await waitForRunEnd(api, poisonRunId, 170_000)).state).toBe("failed");
    const [poison] = await getDb().select().from(reconciliationStepRuns).where(eq(reconciliationStepRuns.runId, poisonRunId));
    expect(poison!.attempts.map((attempt) => attempt.outcome)).toEqual(["crashed", "crashed"]);
    expect(poison!.failure).toMatchObject({ classification: "permanent", code: "worker_crashed_twice", message: "the worker process crashed twice while running this step" });

    // Another org's work runs on the restarted worker.
    const otherApi = apiClient(app.baseUrl, other.keys.admin);
    const otherFiles = { orders: await uploadFixture(app.baseUrl, other.keys.operator, SEED, "shopify_orders.csv"), balance: await uploadFixture(app.baseUrl, other.keys.operator, SEED, "stripe_balance.csv") };
    const otherRuleSets = await createEcommerceRuleSets(other);
    const otherStep = { key: "orders_charges", name: "Orders vs charges", ruleSetId: otherRuleSets.ordersVsCharges, inputs: { source: { kind: "FILE", fileId: otherFiles.orders }, target: { kind: "FILE", fileId: otherFiles.balance } } };
    const otherStream = await otherApi.post("/api/v1/streams", { name: "Orders", definition: { steps: [otherStep] } });
    expect(otherStream.status).toBe(201);
    const otherRunId = await startRun(otherApi, ((await otherStream.json()) as { id: string }).id, {});
    expect((await waitForRunEnd(otherApi, otherRunId, 120_000)).state).toBe("succeeded");
  });
});
