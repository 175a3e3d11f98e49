import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tsxBootstrap } from "~/platform/threads/thread-limits.server";
import { writeCamt053BenchFile, writeMt940BenchFile } from "../../support/bank-statements/bench-files";

/**
 * Profiling streams an MT940 or camt.053 file: on a thread whose heap is far
 * smaller than the file's text and records, the streamed profile completes
 * with every record counted, where profiling the whole bytes runs out of
 * memory (which shows the heap really is too small for the whole file).
 */

const HEAP_MB = 64;

let directory: string;
let mt940: { path: string; entries: number };
let camt053: { path: string; entries: number };

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "streamed-profile-"));
  const mt940Path = path.join(directory, "large.sta");
  mt940 = { path: mt940Path, entries: writeMt940BenchFile(mt940Path, path.join(directory, "mt940.csv"), 300_000, 1).entries };
  const camtPath = path.join(directory, "large.xml");
  camt053 = { path: camtPath, entries: writeCamt053BenchFile(camtPath, path.join(directory, "camt.csv"), 40_000, 1).entries };
}, 60_000);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

interface ThreadResult {
  status: string;
  rowCount: number | null;
  errorCount: number;
  statementKeys: number;
  sampledRows?: number;
}

function profileOnSmallHeap(filePath: string, adapterName: string, mode: "streamed" | "whole"): Promise<ThreadResult> {
  const worker = new Worker(tsxBootstrap(new URL("./support/profile-adapter-file.worker.ts", import.meta.url)), {
    eval: true,
    workerData: { filePath, adapterName, mode },
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 16 },
  });
  return new Promise((resolve, reject) => {
    worker.once("message", (result: ThreadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the thread exited with code ${code}`)));
  });
}

describe("profiling a large bank statement on a small heap", () => {
  it("streams an MT940 file through, every record counted", async () => {
    const streamed = await profileOnSmallHeap(mt940.path, "mt940", "streamed");
    // The generated statements carry normalized oddities (warnings), never errors: the file is ready.
    expect(streamed).toMatchObject({ status: "ready", rowCount: mt940.entries, sampledRows: 10_000 });
    expect(streamed.statementKeys).toBeGreaterThan(0);
  }, 60_000);

  it("runs out of that heap profiling the same MT940 file from its whole bytes", async () => {
    await expect(profileOnSmallHeap(mt940.path, "mt940", "whole")).rejects.toMatchObject({ code: "ERR_WORKER_OUT_OF_MEMORY" });
  }, 60_000);

  it("streams a camt.053 file through, every record counted", async () => {
    const streamed = await profileOnSmallHeap(camt053.path, "camt053", "streamed");
    expect(streamed).toMatchObject({ status: "ready", rowCount: camt053.entries, errorCount: 0, sampledRows: 10_000 });
    expect(streamed.statementKeys).toBeGreaterThan(0);
  }, 60_000);

  it("runs out of that heap profiling the same camt.053 file from its whole bytes", async () => {
    await expect(profileOnSmallHeap(camt053.path, "camt053", "whole")).rejects.toMatchObject({ code: "ERR_WORKER_OUT_OF_MEMORY" });
  }, 60_000);
});
