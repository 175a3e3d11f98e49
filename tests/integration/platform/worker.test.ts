import type { Runner } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "~/platform/env.server";
import { getDb } from "~/platform/db/client";
import { workerHeartbeats } from "~/platform/db/schema";
import { startWorker } from "../../../worker/runner";
import { workerIdentity } from "../../../worker/identity";
import { startWebApp } from "../../support/web";

let baseUrl: string;
let runner: Runner | undefined;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
});

afterAll(async () => {
  await runner?.stop();
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the worker and /api/v1/health", () => {
  it("reports the worker down while no worker has beaten", async () => {
    const response = await fetch(`${baseUrl}/api/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok", worker: "down", version: getEnv().APP_VERSION });
  });

  it("runs a job enqueued through the real graphile-worker and reports the worker up", async () => {
    runner = await startWorker({
      connectionString: getEnv().DATABASE_URL!,
      concurrency: 1,
      logger: pino({ level: "silent" }),
      withCron: false,
    });
    await runner.addJob("heartbeat", {});
    const beat = await waitFor(async () => {
      const rows = await getDb().select().from(workerHeartbeats);
      return rows.find((row) => row.workerId === workerIdentity.workerId);
    });
    expect(beat).toMatchObject({ pid: process.pid, version: getEnv().APP_VERSION });

    const health = await (await fetch(`${baseUrl}/api/v1/health`)).json();
    expect(health).toEqual({ status: "ok", db: "ok", worker: "ok", version: getEnv().APP_VERSION });
  });

  it("advances the heartbeat each time the job runs", async () => {
    const [before] = await getDb().select().from(workerHeartbeats);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await runner!.addJob("heartbeat", {});
    const advanced = await waitFor(async () => {
      const [row] = await getDb().select().from(workerHeartbeats);
      return row && row.lastSeenAt > before!.lastSeenAt ? row : undefined;
    });
    expect(advanced.lastSeenAt.getTime()).toBeGreaterThan(before!.lastSeenAt.getTime());
  });
});
