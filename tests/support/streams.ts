import { readFileSync } from "node:fs";
import path from "node:path";
import type { Runner } from "graphile-worker";
import pg from "pg";
import pino from "pino";
import { expect } from "vitest";
import { getEnv } from "~/platform/env.server";
import { startWorker } from "../../worker/runner";
import type { ApiClient } from "./web";

/** The real graphile-worker, in this test process, on this test file's database. */
export async function startTestWorker(concurrency = 2): Promise<Runner> {
  const connectionString = getEnv().DATABASE_URL!;
  // The test's own pool, ended after the runner stops: graphile-worker stops listening for its
  // pool's errors before the pool has ended, and the test file's database is then dropped WITH
  // (FORCE), whose "terminating connection" reached a still-closing client as an unhandled error
  // (3 of them failed a CI run whose tests had all passed). Every client keeps a listener here.
  const pool = new pg.Pool({ connectionString, max: concurrency + 4 });
  const ignoreTermination = (error: Error & { code?: string }) => {
    if (error.code !== "57P01") throw error;
  };
  pool.on("error", ignoreTermination);
  pool.on("connect", (client) => client.on("error", ignoreTermination));
  const runner = await startWorker({ connectionString, concurrency, logger: pino({ level: "silent" }), withCron: false, pgPool: pool });
  const stop = runner.stop.bind(runner);
  runner.stop = async () => {
    await stop();
    await pool.end();
  };
  return runner;
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Uploads a generator fixture (gzip'd, as stored in the repo) and waits until the worker has profiled it. */
export async function uploadFixture(baseUrl: string, key: string, seed: number, name: string, inbox?: string): Promise<string> {
  const bytes = readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${seed}`, `${name}.gz`));
  const form = new FormData();
  form.append("file", new Blob([bytes], { type: "application/gzip" }), `${name}.gz`);
  if (inbox) form.append("inbox", inbox);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${key}` } });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await waitFor(async () => {
    const file = (await (await fetch(`${baseUrl}/api/v1/files/${id}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { status: string; errors: unknown };
    if (file.status === "failed") throw new Error(`fixture ${name} failed profiling: ${JSON.stringify(file.errors)}`);
    return file.status === "ready" ? true : undefined;
  }, 60_000, `profiling of ${name}`);
  return id;
}

export { createEcommerceRuleSets, ecommercePipeline, payoutsVsBankByAmount, payoutsVsBankByReference } from "./ecommerce-pipeline";

export async function waitForRunEnd(api: ApiClient, runId: string, timeoutMs = 90_000): Promise<Record<string, unknown>> {
  return waitFor(async () => {
    const run = (await (await api.get(`/api/v1/stream-runs/${runId}`)).json()) as { state: string };
    return ["succeeded", "failed", "partially_succeeded", "cancelled"].includes(run.state) ? (run as Record<string, unknown>) : undefined;
  }, timeoutMs, `end of run ${runId}`);
}
