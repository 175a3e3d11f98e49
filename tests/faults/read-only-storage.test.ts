import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "~/platform/env.server";
import { setFeatureFlag } from "~/modules/tenancy/feature-flags.server";
import { createTestOrg, type TestOrg } from "../support/factories";
import { createEcommerceRuleSets, uploadFixture, waitFor } from "../support/streams";
import { apiClient, type ApiClient } from "../support/web";
import { startFaultApp, type FaultApp } from "./support/app";

/**
 * The storage directory turns read-only while a step runs (a bind mount
 * remounted `ro`: the kernel refuses the write even to root, unlike chmod).
 * The step must fail clearly — a storage failure, no server path shown, no
 * artifact recorded — and once the directory is writable again a retry must
 * produce exactly what an undisturbed run of the same reconciliation does.
 */
const SEED = 1;
let app: FaultApp;
let admin: ApiClient;
let streamId: string;
let org: TestOrg;
let operator: ApiClient;
let storageDir: string;
let dataDir: string;
let readOnly = false;
const files: Record<string, string> = {};
let ruleSets: Awaited<ReturnType<typeof createEcommerceRuleSets>>;

interface StreamRun {
  id: string;
  state: string;
}

interface StepRun {
  id: string;
  state: string;
  attempt: number;
  failure: { classification: string; code: string; message: string } | null;
  deadLetteredAt: string | null;
  metrics: Record<string, unknown> | null;
}

function makeStorageReadOnly(): void {
  execFileSync("mount", ["--bind", storageDir, storageDir]);
  readOnly = true;
  execFileSync("mount", ["-o", "remount,bind,ro", storageDir]);
}

/** Lazy: the app may still hold a directory handle on the read-only mount; new writes go to the writable directory beneath. */
function makeStorageWritable(): void {
  if (!readOnly) return;
  execFileSync("umount", ["-l", storageDir]);
  readOnly = false;
}

beforeAll(async () => {
  ({ STORAGE_DIR: storageDir, DATA_DIR: dataDir } = getEnv());
  mkdirSync(path.join(storageDir, "tmp"), { recursive: true });
  app = await startFaultApp();
  org = await createTestOrg("Read-only Co");
  // For the step-run endpoints (dead letters, retry); the classic API itself works either way.
  await setFeatureFlag(org.ownerCtx, "streams", true);
  operator = apiClient(app.baseUrl, org.keys.operator);
  files.orders = await uploadFixture(app.baseUrl, org.keys.operator, SEED, "shopify_orders.csv");
  files.balance = await uploadFixture(app.baseUrl, org.keys.operator, SEED, "stripe_balance.csv");
  ruleSets = await createEcommerceRuleSets(org);
  admin = apiClient(app.baseUrl, org.keys.admin);
  const created = await admin.post("/api/v1/streams", {
    name: "Orders vs charges",
    definition: {
      settings: {
        failurePolicy: "STOP_ON_FAILURE",
        parameters: [{ name: "orders" }, { name: "balance" }],
        layout: { nodes: { orders_charges: { x: 0, y: 0 } } },
      },
      steps: [
        {
          key: "orders_charges",
          name: "Orders vs charges",
          ruleSetId: ruleSets.ordersVsCharges,
          inputs: { source: { kind: "FILE", parameter: "orders", adapter: "shopify_orders" }, target: { kind: "FILE", parameter: "balance" } },
          // Short backoff: the test waits for the step to use up its attempts.
          retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 500 },
        },
      ],
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  streamId = ((await created.json()) as { id: string }).id;
}, 180_000);

afterAll(async () => {
  makeStorageWritable();
  await app?.stop();
});

async function startRun(): Promise<StreamRun> {
  const started = await operator.post(`/api/v1/streams/${streamId}/runs`, { parameters: files });
  expect(started.status, await started.clone().text()).toBe(202);
  return (await started.json()) as StreamRun;
}

function waitForEnd(runId: string): Promise<StreamRun> {
  return waitFor(async () => {
    const run = (await (await operator.get(`/api/v1/stream-runs/${runId}`)).json()) as StreamRun;
    return ["succeeded", "failed", "partially_succeeded", "cancelled"].includes(run.state) ? run : undefined;
  }, 150_000, `run ${runId} to end`);
}

async function stepRunOf(runId: string): Promise<StepRun> {
  const response = await operator.get(`/api/v1/stream-runs/${runId}/steps`);
  const steps = (await response.json()) as { data: StepRun[] };
  expect(response.status).toBe(200);
  return steps.data[0]!;
}

async function artifactsOf(stepRunId: string) {
  const listed = (await (await operator.get(`/api/v1/step-runs/${stepRunId}/artifacts`)).json()) as {
    data: Array<{ artifactType: string; rowCount: number; checksum: string; size: number; downloadUrl: string }>;
  };
  return listed.data;
}

describe("a storage directory that turns read-only during a step", () => {
  it("fails the step clearly with nothing half-written recorded, and a retry once writable gives exactly the undisturbed result", async () => {
    const control = await startRun();
    expect((await waitForEnd(control.id)).state).toBe("succeeded");
    const controlStep = await stepRunOf(control.id);
    const controlArtifacts = await artifactsOf(controlStep.id);
    expect(controlArtifacts.length).toBeGreaterThan(0);

    makeStorageReadOnly();
    const faulted = await startRun();
    // Storage failures are transient: the step retries with backoff, then waits in the dead-letter list.
    const deadLettered = await waitFor(async () => {
      const step = await stepRunOf(faulted.id);
      return step.state === "failed" && step.deadLetteredAt ? step : undefined;
    }, 120_000, "the step to be dead-lettered");
    expect(deadLettered).toMatchObject({ attempt: 2, failure: { classification: "transient", code: "erofs" } });
    expect(deadLettered.failure!.message).toMatch(/^EROFS: read-only file system, open '<DATA_DIR>\/storage\/tmp\/[0-9a-f-]+\.partial'$/);
    expect(JSON.stringify(deadLettered)).not.toContain(dataDir);
    expect(await artifactsOf(deadLettered.id)).toEqual([]);
    expect((await waitForEnd(faulted.id)).state).toBe("failed");

    makeStorageWritable();
    // Nothing partial was left in the temp directory either.
    expect(readdirSync(path.join(storageDir, "tmp")).filter((name) => name.endsWith(".partial"))).toEqual([]);
    const retried = await operator.post(`/api/v1/step-runs/${deadLettered.id}/retry`);
    expect(retried.status, await retried.clone().text()).toBe(202);
    expect((await waitForEnd(faulted.id)).state).toBe("succeeded");
    const recoveredStep = await stepRunOf(faulted.id);
    // Everything but the attempt count (two failed, one good) and the timings is the undisturbed run's.
    const outcome = (metrics: Record<string, unknown> | null) => {
      const { attempts: _attempts, timings: _timings, ...rest } = metrics ?? {};
      return rest;
    };
    expect(recoveredStep.metrics).toMatchObject({ attempts: 3 });
    expect(outcome(recoveredStep.metrics)).toEqual(outcome(controlStep.metrics));

    const shape = (artifacts: Awaited<ReturnType<typeof artifactsOf>>) =>
      artifacts.map(({ artifactType, rowCount, checksum, size }) => ({ artifactType, rowCount, checksum, size })).sort((a, b) => a.artifactType.localeCompare(b.artifactType));
    const recoveredArtifacts = await artifactsOf(recoveredStep.id);
    expect(shape(recoveredArtifacts)).toEqual(shape(controlArtifacts));
    for (const artifact of recoveredArtifacts) {
      const download = await operator.get(artifact.downloadUrl);
      expect(download.status).toBe(200);
      await download.arrayBuffer();
    }
  }, 360_000);
});
