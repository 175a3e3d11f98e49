import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";

/**
 * Shared by the `npm run bench:*` scripts: generated data cached by size and
 * seed (the generator needs minutes and GBs at 1M orders), peak-RSS sampling,
 * and the single JSON line every bench ends with.
 */
export function benchArgs(defaults: { orders: number; seed: number; runs?: number }) {
  const { values } = parseArgs({
    options: {
      orders: { type: "string" },
      seed: { type: "string" },
      generator: { type: "string" },
      "data-dir": { type: "string" },
      runs: { type: "string" },
      "bank-entries": { type: "string" },
      "bank-only": { type: "boolean" },
      blocked: { type: "boolean" },
    },
    strict: true,
  });
  return {
    orders: Number(values.orders ?? defaults.orders),
    seed: Number(values.seed ?? defaults.seed),
    generator: values.generator ?? path.resolve("../shared/tools/gen-ecommerce.mjs"),
    dataRoot: values["data-dir"] ?? path.join(os.tmpdir(), "reconstream-bench"),
    /** Benches that take it repeat their measurement this many times and report medians. */
    runs: Math.max(1, Number(values.runs ?? defaults.runs ?? 1)),
    /** bench:ingest's bank-statement part: MT940 lines and camt.053 entries of the large file (the small one is a tenth). */
    bankEntries: Number(values["bank-entries"] ?? 1_000_000),
    /** bench:ingest without its CSV part. */
    bankOnly: values["bank-only"] ?? false,
    /** bench:match: time the tolerance and fuzzy passes at any size (always at 200k orders or fewer). */
    blocked: values.blocked ?? false,
  };
}

export function ensureEcommerceData(options: { orders: number; seed: number; generator: string; dataRoot: string }): string {
  const dir = path.join(options.dataRoot, `ecommerce-${options.orders}-${options.seed}`);
  if (existsSync(path.join(dir, "answer_key.json"))) return dir;
  if (!existsSync(options.generator)) {
    throw new Error(`generator not found at ${options.generator}; pass --generator <path to gen-ecommerce.mjs>`);
  }
  process.stderr.write(`generating ${options.orders} orders (seed ${options.seed}) into ${dir}; this is cached for later runs…\n`);
  const result = spawnSync(
    process.execPath,
    ["--max-old-space-size=8192", options.generator, "--orders", String(options.orders), "--seed", String(options.seed), "--out", dir],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  if (result.status !== 0) throw new Error(`the generator failed with exit code ${result.status}`);
  return dir;
}

/**
 * Samples RSS every 10 ms from a worker thread, so the peak is seen while the
 * main thread is busy in synchronous work (a timer on the main thread would
 * only fire between its tasks and miss the peak). RSS is the whole process's,
 * the sampler's own few MB included; the peak is what a user's machine must have.
 */
export function trackPeakRss(): { stop(): number; reset(): void } {
  const shared = new BigInt64Array(new SharedArrayBuffer(8));
  Atomics.store(shared, 0, BigInt(process.memoryUsage.rss()));
  const sampler = new Worker(
    `const { workerData } = require("node:worker_threads");
     const peak = workerData;
     setInterval(() => {
       const rss = BigInt(process.memoryUsage.rss());
       if (rss > Atomics.load(peak, 0)) Atomics.store(peak, 0, rss);
     }, 10);`,
    { eval: true, workerData: shared },
  );
  sampler.unref();
  const current = () => Math.max(Number(Atomics.load(shared, 0)), process.memoryUsage.rss());
  return {
    reset() {
      Atomics.store(shared, 0, BigInt(process.memoryUsage.rss()));
    },
    stop() {
      const peak = current();
      void sampler.terminate();
      return peak;
    },
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

export function megabytes(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}
