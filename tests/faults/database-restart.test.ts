import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { waitFor, waitForRunEnd } from "../support/streams";
import { apiClient, type ApiClient } from "../support/web";
import { startFaultApp, type FaultApp } from "./support/app";

/**
 * The embedded PostgreSQL's postmaster killed with SIGKILL mid-run: the
 * supervisor starts it again on the same port, the API answers 503
 * problem+json (never 500) while it is away, and the run finishes without a
 * person. The app runs on its own embedded cluster here, not the test
 * server, so there is a postmaster of ours to kill.
 */
let app: FaultApp;
let dataDir: string;
let api: ApiClient;
let apiKey: string;

function cli(...args: string[]): Record<string, string> {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/cli.ts", ...args], {
    env: { ...process.env, DATABASE_URL: undefined, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`cli ${args[0]} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as Record<string, string>;
}

async function upload(name: string, text: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([text], { type: "text/csv" }), name);
  const response = await fetch(`${app.baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${apiKey}` } });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await waitFor(async () => (((await (await api.get(`/api/v1/files/${id}`)).json()) as { status: string }).status === "ready" ? true : undefined), 60_000, `profiling of ${name}`);
  return id;
}

beforeAll(async () => {
  // As root, PostgreSQL runs as the "postgres" user, which must traverse DATA_DIR's parents.
  dataDir = mkdtempSync(path.join(os.tmpdir(), "reconstream-pg-restart-"));
  chmodSync(dataDir, 0o755);
  app = await startFaultApp({
    env: { NODE_ENV: "test", DATABASE_URL: undefined, DATA_DIR: dataDir, WORKER_HEARTBEAT_SECONDS: "1", WORKER_DEAD_AFTER_SECONDS: "4", FAULT_HOLD_STEP_KEY: "match", FAULT_HOLD_MS: "4000" },
    healthTimeoutMs: 150_000,
  });
  apiKey = cli("org:create", "--name", "Restart Org", "--admin-email", "admin@restart.test").apiKey!;
  api = apiClient(app.baseUrl, apiKey);
}, 240_000);

afterAll(async () => {
  await app?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const definition = {
  source: { mappings: [{ field: "id", column: "order_id" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "currency" }] },
  target: { mappings: [{ field: "id", column: "ref" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "currency" }] },
  passes: [{ name: "by id", keys: ["id"], amount: { toleranceMinor: 0, mismatchOnKeyMatch: true } }],
};

it("restarts a killed PostgreSQL: the API answers 503 problem+json while it is away, then recovers, and the run finishes", async () => {
  const orders = await upload("orders.csv", "order_id,amount,currency\nA-1,10.00,USD\nA-2,20.00,USD\nA-3,30.00,USD\n");
  const payments = await upload("payments.csv", "ref,amount,currency\nA-1,10.00,USD\nA-2,25.00,USD\nB-9,5.00,USD\n");
  const ruleSet = await api.post("/api/v1/rule-sets", { name: "Orders vs payments", definition });
  expect(ruleSet.status).toBe(201);
  const step = { key: "match", name: "Match", ruleSetId: ((await ruleSet.json()) as { id: string }).id, inputs: { source: { kind: "FILE", fileId: orders }, target: { kind: "FILE", fileId: payments } } };
  const stream = await api.post("/api/v1/streams", { name: "Restart", definition: { steps: [step] } });
  expect(stream.status).toBe(201);
  const started = await api.post(`/api/v1/streams/${((await stream.json()) as { id: string }).id}/runs`, {});
  expect(started.status).toBe(202);
  const runId = ((await started.json()) as { id: string }).id;
  await waitFor(async () => {
    const steps = ((await (await api.get(`/api/v1/stream-runs/${runId}/steps`)).json()) as { data: Array<{ state: string }> }).data;
    return steps[0]?.state === "running" ? true : undefined;
  }, 60_000, "the step running");

  const postmasterPid = Number(readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(postmasterPid, "SIGKILL");

  // While it is away every answer is a 503 problem+json; none is a 500. Then it answers again.
  const outage: Array<{ status: number; type: string | null }> = [];
  await waitFor(async () => {
    const response = await api.get(`/api/v1/stream-runs/${runId}`).catch((error: unknown) => {
      throw new Error(`the web process did not answer: ${String(error)}\n--- app output ---\n${app.output().slice(-6000)}`);
    });
    if (response.status === 200) return true;
    outage.push({ status: response.status, type: response.headers.get("content-type") });
    await response.body?.cancel();
    return undefined;
  }, 90_000, "the API answering again");
  expect(outage.length).toBeGreaterThan(0);
  for (const answer of outage) expect(answer).toEqual({ status: 503, type: "application/problem+json; charset=utf-8" });

  const ended = await waitForRunEnd(api, runId, 150_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\n--- app output ---\n${app.output().slice(-8000)}`);
  });
  expect(ended.state).toBe("succeeded");
  const steps = ((await (await api.get(`/api/v1/stream-runs/${runId}/steps`)).json()) as { data: Array<{ state: string; attempts: Array<{ outcome: string }> }> }).data;
  expect(steps[0]!.state).toBe("succeeded");
  expect(app.output()).toContain("embedded PostgreSQL is up again");
});
