import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createScratchDatabase } from "./scratch-database";

/**
 * `npm run bench:exceptions -- [--rows N] [--requests N]`: the exceptions
 * list at scale. One org gets N generated exceptions (default 100,000,
 * seeded by exceptions-seed.ts),
 * then filtered keyset pages are fetched through the real HTTP API (auth,
 * zod, service, serializer) several pages deep. Prints p50/p95 per
 * scenario, the EXPLAIN (ANALYZE) of the main query, and as its last line
 * one JSON object. Uses DATABASE_URL's server (a fresh database, dropped at
 * the end) or an embedded PostgreSQL in a temp dir. The aim: p95 < 50 ms.
 */
const { values } = parseArgs({ options: { rows: { type: "string" }, requests: { type: "string" } }, strict: true });
const ROWS = Number(values.rows ?? 100_000);
const PAGES_PER_SCENARIO = Number(values.requests ?? 60);
const PAGE_SIZE = 50;

const log = (message: string) => process.stderr.write(`${message}\n`);

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "reconstream-bench-exceptions-"));
  const scratch = await createScratchDatabase("rs_bench_exceptions", dataDir);
  const url = scratch.url;
  // Before any app module reads the environment.
  process.env.DATABASE_URL = url;
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL = "silent";

  let server: Server | undefined;
  try {
    const { migrateDatabase } = await import("~/platform/db/migrate");
    await migrateDatabase(url.toString());
    const { buildIfNeeded } = await import("../../scripts/build-if-needed");
    buildIfNeeded(log);
    const { createWebApp } = await import("../../server/app");
    const build = await import(pathToFileURL(path.resolve("build/index.js")).href);
    const app = createWebApp({ build });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const { createTestOrg } = await import("../support/factories");
    const { insertStreamRun } = await import("../support/stream-rows");
    const org = await createTestOrg("Bench");
    const run = await insertStreamRun(org, { steps: [{ key: "bench" }] });
    const stepRun = run.stepRuns[0]!;
    const fileId = run.inputFiles[0]!.id;

    const started = performance.now();
    const { seedBenchExceptions } = await import("./exceptions-seed");
    await seedBenchExceptions(url.toString(), { orgId: org.orgId, streamId: run.streamId, streamRunId: run.runId, stepRunId: stepRun.id, fileId }, ROWS);
    log(`inserted ${ROWS} exceptions in ${Math.round(performance.now() - started)} ms`);

    const scenarios = [
      { name: "open, largest amount first", query: "status=open&sort=-amount" },
      { name: "critical open, oldest first", query: "status=open&severity=critical&sort=-age" },
      { name: "in review, newest first", query: "status=in_review" },
      { name: "open EUR 1,000.00–5,000.00, largest first", query: "status=open&currency=EUR&minAmountMinor=100000&maxAmountMinor=500000&sort=-amount" },
      { name: "open, critical first", query: "status=open&sort=-severity" },
    ];
    const all: number[] = [];
    const headers = { Authorization: `Bearer ${org.keys.viewer}` };
    // The floor: an authenticated request that reads one row. What a page costs above it is the list's own.
    const floor: number[] = [];
    for (let index = 0; index < PAGES_PER_SCENARIO; index++) {
      const begin = performance.now();
      await (await fetch(`${baseUrl}/api/v1/me`, { headers })).json();
      floor.push(performance.now() - begin);
    }
    log(`${"baseline GET /api/v1/me".padEnd(45)} p50 ${percentile(floor, 50).toFixed(1)} ms  p95 ${percentile(floor, 95).toFixed(1)} ms  (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`);
    for (const scenario of scenarios) {
      const times: number[] = [];
      let cursor: string | null = null;
      // Warm the connection pool and plan cache once.
      await (await fetch(`${baseUrl}/api/v1/exceptions?limit=${PAGE_SIZE}&${scenario.query}`, { headers })).json();
      for (let page = 0; page < PAGES_PER_SCENARIO; page++) {
        const begin = performance.now();
        const response = await fetch(`${baseUrl}/api/v1/exceptions?limit=${PAGE_SIZE}&${scenario.query}${cursor ? `&cursor=${cursor}` : ""}`, { headers });
        const body = (await response.json()) as { data: unknown[]; nextCursor: string | null };
        times.push(performance.now() - begin);
        if (response.status !== 200) throw new Error(`${scenario.name}: HTTP ${response.status} ${JSON.stringify(body)}`);
        cursor = body.nextCursor;
        if (!cursor) cursor = null;
      }
      all.push(...times);
      log(`${scenario.name.padEnd(45)} p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  (${times.length} pages of ${PAGE_SIZE})`);
    }

    const { explainExceptionPage } = await import("~/modules/exceptions/list.server");
    const plan = await explainExceptionPage(org.ownerCtx, { status: ["open"] }, { limit: PAGE_SIZE, sort: "-amount" });
    console.log("EXPLAIN (ANALYZE, BUFFERS) of the main query (status=open, sort=-amount, first page):");
    console.log(plan);
    const p50 = percentile(all, 50);
    const p95 = percentile(all, 95);
    console.log(`all pages: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${all.length} requests`);
    console.log(JSON.stringify({ bench: "exceptions", rows: ROWS, pages: all.length, pageSize: PAGE_SIZE, p50Ms: round(p50), p95Ms: round(p95), baselineP95Ms: round(percentile(floor, 95)), loadAverage: round(os.loadavg()[0]!) }));
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    const { closeDb } = await import("~/platform/db/client");
    await closeDb();
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
