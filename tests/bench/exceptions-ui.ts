import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Page } from "@playwright/test";
import { stopApp, waitForHealthyApp } from "../support/app-process";
import { createScratchDatabase } from "./scratch-database";
import { findFreePort } from "~/platform/db/embedded-postgres";

/**
 * `npm run bench:exceptions-ui -- [--rows N] [--loads N] [--seconds N]`: the
 * exceptions grid in a real browser over a 100k backlog. One org gets N
 * exceptions (default 100,000, seeded as bench:exceptions seeds them), the
 * built app starts as `npm start` runs it (supervisor → web + worker), and
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium) signs in and opens
 * /exceptions several times: time to first rows in the DOM, first
 * contentful paint and hydration, each from navigation start. Then the grid
 * is scrolled programmatically, a fixed distance every animation frame, with
 * requestAnimationFrame sampling the frame times while pages keep loading
 * (keyset pages of 200 as the reader scrolls): frames per second, p95 frame
 * time, long frames. Prints the figures; the last line is one JSON object.
 * No thresholds: the numbers are for people to compare.
 */
const { values } = parseArgs({ options: { rows: { type: "string" }, loads: { type: "string" }, seconds: { type: "string" } }, strict: true });
const ROWS = Number(values.rows ?? 100_000);
const LOADS = Number(values.loads ?? 5);
const SCROLL_SECONDS = Number(values.seconds ?? 6);
const ROW_HEIGHT = 44;

const log = (message: string) => process.stderr.write(`${message}\n`);

interface LoadTiming {
  firstRowsMs: number;
  firstContentfulPaintMs: number | null;
  hydratedMs: number;
  serverResponseMs: number;
}

interface ScrollRun {
  name: string;
  pixelsPerFrame: number;
  frames: number;
  seconds: number;
  fps: number;
  p50FrameMs: number;
  p95FrameMs: number;
  longFrames: number;
  rowsLoaded: number;
  scrolledRows: number;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "reconstream-bench-exceptions-ui-"));
  chmodSync(dataDir, 0o755);
  const scratch = await createScratchDatabase("rs_bench_exceptions_ui", dataDir);
  const url = scratch.url;
  // Before any app module reads the environment.
  process.env.DATABASE_URL = url;
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL = "silent";

  let app: ChildProcess | undefined;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  try {
    const { migrateDatabase } = await import("~/platform/db/migrate");
    await migrateDatabase(url.toString());
    const { buildIfNeeded } = await import("../../scripts/build-if-needed");
    buildIfNeeded(log);

    const { createTestOrg, TEST_PASSWORD } = await import("../support/factories");
    const { insertStreamRun } = await import("../support/stream-rows");
    const { seedBenchExceptions } = await import("./exceptions-seed");
    const org = await createTestOrg("UI bench");
    const run = await insertStreamRun(org, { steps: [{ key: "bench" }] });
    const seeding = performance.now();
    await seedBenchExceptions(url.toString(), { orgId: org.orgId, streamId: run.streamId, streamRunId: run.runId, stepRunId: run.stepRuns[0]!.id, fileId: run.inputFiles[0]!.id }, ROWS);
    log(`seeded ${ROWS} exceptions in ${Math.round(performance.now() - seeding)} ms`);
    const { closeDb } = await import("~/platform/db/client");
    await closeDb();

    const port = await findFreePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: "warn" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await waitForHealthyApp(baseUrl, app, 120_000);
    log(`app up at ${baseUrl}`);

    const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    await context.addInitScript(WATCH_FIRST_ROWS_AND_HYDRATION);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel("Email").fill(org.ownerEmail);
    await page.getByLabel("Password").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${baseUrl}/`);

    // One warm-up load (server caches, the browser's parse of the bundles), then the measured ones.
    await measureLoad(page, baseUrl);
    const loads: LoadTiming[] = [];
    for (let index = 0; index < LOADS; index++) loads.push(await measureLoad(page, baseUrl));
    const firstRows = loads.map((load) => load.firstRowsMs);
    const hydrated = loads.map((load) => load.hydratedMs);
    const paints = loads.map((load) => load.firstContentfulPaintMs).filter((value): value is number => value !== null);
    console.log(`page loads of /exceptions (${LOADS}, ${ROWS} exceptions in the org, first page 200 rows):`);
    console.log(`  server response   median ${median(loads.map((load) => load.serverResponseMs)).toFixed(0)} ms`);
    console.log(`  first rows in DOM median ${median(firstRows).toFixed(0)} ms  (${firstRows.map((value) => value.toFixed(0)).join(", ")})`);
    if (paints.length) console.log(`  first paint       median ${median(paints).toFixed(0)} ms`);
    console.log(`  hydrated          median ${median(hydrated).toFixed(0)} ms  (${hydrated.map((value) => value.toFixed(0)).join(", ")})`);

    const scrolls: ScrollRun[] = [];
    for (const scenario of [
      { name: "steady scroll, 2 rows a frame", pixelsPerFrame: 2 * ROW_HEIGHT },
      { name: "fast scroll, 10 rows a frame", pixelsPerFrame: 10 * ROW_HEIGHT },
    ]) {
      await page.goto(`${baseUrl}/exceptions`);
      await page.waitForFunction(() => (window as unknown as { __benchHydratedAt?: number }).__benchHydratedAt !== undefined);
      const result = await scrollGrid(page, scenario.pixelsPerFrame, SCROLL_SECONDS * 1000);
      const frameTimes = result.frames;
      const seconds = result.elapsedMs / 1000;
      const run: ScrollRun = {
        name: scenario.name,
        pixelsPerFrame: scenario.pixelsPerFrame,
        frames: frameTimes.length,
        seconds: round(seconds),
        fps: round(frameTimes.length / seconds),
        p50FrameMs: round(percentile(frameTimes, 50)),
        p95FrameMs: round(percentile(frameTimes, 95)),
        longFrames: frameTimes.filter((time) => time > 50).length,
        rowsLoaded: result.rowsLoaded,
        scrolledRows: Math.round(result.scrollTop / ROW_HEIGHT),
      };
      scrolls.push(run);
      console.log(
        `${run.name.padEnd(32)} ${run.fps.toFixed(1)} fps  p50 ${run.p50FrameMs.toFixed(1)} ms  p95 ${run.p95FrameMs.toFixed(1)} ms  long frames (>50 ms) ${run.longFrames}/${run.frames}  scrolled ${run.scrolledRows} rows, ${run.rowsLoaded} loaded`,
      );
    }
    console.log(
      JSON.stringify({
        bench: "exceptions-ui",
        rows: ROWS,
        loads: LOADS,
        firstRowsMedianMs: round(median(firstRows)),
        firstRowsMs: firstRows.map(round),
        firstContentfulPaintMedianMs: paints.length ? round(median(paints)) : null,
        hydratedMedianMs: round(median(hydrated)),
        scroll: scrolls,
        loadAverage: round(os.loadavg()[0]!),
        cores: os.cpus().length,
      }),
    );
  } finally {
    await browser?.close();
    if (app) await stopApp(app);
    await scratch.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Runs in the page before its own scripts: notes when the first grid row
 * enters the DOM and when React has hydrated the grid (its element carries
 * React's fiber; polled, since adding it is no DOM mutation). Plain
 * JavaScript text: tsx would wrap a function's inner functions in a helper
 * the page does not have.
 */
const WATCH_FIRST_ROWS_AND_HYDRATION = `
  (() => {
    const rowSelector = '[role="grid"] [role="row"][aria-rowindex="2"]';
    const observer = new MutationObserver(() => {
      if (window.__benchFirstRowsAt === undefined && document.querySelector(rowSelector)) {
        window.__benchFirstRowsAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
    const timer = setInterval(() => {
      const grid = document.querySelector('[role="grid"]');
      if (grid && Object.keys(grid).some((key) => key.startsWith("__reactFiber"))) {
        window.__benchHydratedAt = performance.now();
        clearInterval(timer);
      }
    }, 4);
  })();
`;

/** Scrolls the grid a fixed distance every animation frame for a while, recording each frame's duration. */
const SCROLL_GRID = `
  ({ pixelsPerFrame, durationMs }) => new Promise((resolve) => {
    const grid = document.querySelector('[role="grid"]');
    const frames = [];
    let start = 0;
    let previous = 0;
    const tick = (now) => {
      frames.push(now - previous);
      previous = now;
      grid.scrollTop += pixelsPerFrame;
      if (now - start < durationMs) {
        requestAnimationFrame(tick);
        return;
      }
      resolve({ frames, elapsedMs: now - start, scrollTop: grid.scrollTop, rowsLoaded: Number(grid.getAttribute("aria-rowcount")) - 1 });
    };
    requestAnimationFrame((now) => {
      start = now;
      previous = now;
      grid.scrollTop += pixelsPerFrame;
      requestAnimationFrame(tick);
    });
  })
`;

async function measureLoad(page: Page, baseUrl: string): Promise<LoadTiming> {
  await page.goto(`${baseUrl}/exceptions`);
  await page.waitForFunction(() => {
    const state = window as unknown as { __benchFirstRowsAt?: number; __benchHydratedAt?: number };
    return state.__benchFirstRowsAt !== undefined && state.__benchHydratedAt !== undefined;
  });
  return page.evaluate(() => {
    const state = window as unknown as { __benchFirstRowsAt: number; __benchHydratedAt: number };
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    return {
      firstRowsMs: state.__benchFirstRowsAt,
      firstContentfulPaintMs: paint ? paint.startTime : null,
      hydratedMs: state.__benchHydratedAt,
      serverResponseMs: navigation.responseEnd,
    };
  });
}

async function scrollGrid(page: Page, pixelsPerFrame: number, durationMs: number) {
  return page.evaluate(`(${SCROLL_GRID})(${JSON.stringify({ pixelsPerFrame, durationMs })})`) as Promise<{ frames: number[]; elapsedMs: number; scrollTop: number; rowsLoaded: number }>;
}

function median(values: number[]): number {
  return percentile(values, 50);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
