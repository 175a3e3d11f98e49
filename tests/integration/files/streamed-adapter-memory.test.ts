import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tsxBootstrap } from "~/platform/threads/thread-limits.server";
import { writeCamt053BenchFile, writeMt940BenchFile } from "../../support/bank-statements/bench-files";
import { writeAmazonBenchFile, writeDeutscheBankBenchFile, writePaypalStlBenchFile } from "./support/provider-bench-files";

/**
 * Profiling streams an MT940, camt.053, BAI2 or provider/bank CSV file: on a thread whose heap is far
 * smaller than the file's text and records, the streamed profile completes
 * with every record counted, where profiling the whole bytes runs out of
 * memory (which shows the heap really is too small for the whole file).
 */

const HEAP_MB = 64;

let directory: string;
let mt940: { path: string; entries: number };
let camt053: { path: string; entries: number };
let bai2: { path: string; entries: number };
let flatBai2: { path: string; entries: number };
let fixedBai2: { path: string; entries: number };
let providers: { bankCsv: { path: string; records: number }; amazon: { path: string; records: number }; paypalStl: { path: string; records: number } };

/**
 * One account of `details` credits whose totals, counts and ledger balances add up; `lineBreak` "" writes the records
 * one after another on one line, "fixed" pads each to the header's 80 characters with no line break (a fixed-length transmission).
 */
function writeBai2BenchFile(filePath: string, details: number, layout: "\n" | "" | "fixed" = "\n"): { path: string; entries: number } {
  const lineBreak = layout === "\n" ? "\n" : "";
  const pad = (records: string) => (layout === "fixed" ? records.split("\n").map((record) => (record === "" ? "" : record.padEnd(80))).join("") : records.replaceAll("\n", lineBreak));
  const amountOf = (i: number) => BigInt(100 + (i % 9_900));
  let sum = 0n;
  for (let i = 0; i < details; i++) sum += amountOf(i);
  const total = 2n * sum;
  const fd = openSync(filePath, "w");
  writeSync(fd, pad(`01,021000021,BENCH,260306,0600,1,80,1,2/\n02,BENCH,021000021,1,260305,2400,USD,2/\n03,0001234567,USD,010,0,,,015,${sum},,/\n`));
  let block: string[] = [];
  for (let i = 0; i < details; i++) {
    block.push(pad(`16,165,${amountOf(i)},0,REF${i},,PAYOUT ${i} FROM STRIPE TRANSFER/\n`));
    if (block.length === 10_000 || i === details - 1) {
      writeSync(fd, block.join(""));
      block = [];
    }
  }
  writeSync(fd, pad(`49,${total},${details + 2}/\n98,${total},1,${details + 4}/\n99,${total},1,${details + 6}/\n`));
  closeSync(fd);
  return { path: filePath, entries: details };
}

beforeAll(() => {
  directory = mkdtempSync(path.join(tmpdir(), "streamed-profile-"));
  const mt940Path = path.join(directory, "large.sta");
  mt940 = { path: mt940Path, entries: writeMt940BenchFile(mt940Path, path.join(directory, "mt940.csv"), 300_000, 1).entries };
  const camtPath = path.join(directory, "large.xml");
  camt053 = { path: camtPath, entries: writeCamt053BenchFile(camtPath, path.join(directory, "camt.csv"), 40_000, 1).entries };
  bai2 = writeBai2BenchFile(path.join(directory, "large.bai"), 400_000);
  flatBai2 = writeBai2BenchFile(path.join(directory, "large-flat.bai"), 400_000, "");
  fixedBai2 = writeBai2BenchFile(path.join(directory, "large-fixed.bai"), 600_000, "fixed");
  providers = {
    bankCsv: writeDeutscheBankBenchFile(path.join(directory, "large-bank.csv"), 400_000),
    amazon: writeAmazonBenchFile(path.join(directory, "large-amazon.txt"), 300_000),
    paypalStl: writePaypalStlBenchFile(path.join(directory, "STL-large.CSV"), 250_000),
  };
}, 120_000);

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

  it("streams a BAI2 file through, every record counted", async () => {
    const streamed = await profileOnSmallHeap(bai2.path, "bai2", "streamed");
    expect(streamed).toMatchObject({ status: "ready", rowCount: bai2.entries, errorCount: 0, sampledRows: 10_000 });
    expect(streamed.statementKeys).toBeGreaterThan(0);
  }, 60_000);

  it("streams a BAI2 file without any line break (records separated by \"/\" only) through, every record counted", async () => {
    const streamed = await profileOnSmallHeap(flatBai2.path, "bai2", "streamed");
    expect(streamed).toMatchObject({ status: "ready", rowCount: flatBai2.entries, errorCount: 0, sampledRows: 10_000 });
  }, 120_000);

  it("streams a fixed-length BAI2 file without any line break (80-character records) through, every record counted", async () => {
    const streamed = await profileOnSmallHeap(fixedBai2.path, "bai2", "streamed");
    expect(streamed).toMatchObject({ status: "ready", rowCount: fixedBai2.entries, errorCount: 0, sampledRows: 10_000 });
    // The largest file here (600k records, 48 MB): a minute on the shared 2-core machine.
  }, 240_000);

  it("runs out of that heap profiling the same BAI2 file from its whole bytes", async () => {
    await expect(profileOnSmallHeap(bai2.path, "bai2", "whole")).rejects.toMatchObject({ code: "ERR_WORKER_OUT_OF_MEMORY" });
  }, 60_000);
});

describe("profiling a large provider CSV on a small heap", () => {
  it("streams a bank CSV (a Deutsche Bank download: preamble, closing line, Windows-1252) through, every row counted", async () => {
    const streamed = await profileOnSmallHeap(providers.bankCsv.path, "bank_csv", "streamed");
    expect(streamed).toMatchObject({ status: "ready", rowCount: providers.bankCsv.records, errorCount: 0, sampledRows: 10_000 });
  }, 120_000);

  it("runs out of that heap profiling the same bank CSV from its whole bytes", async () => {
    await expect(profileOnSmallHeap(providers.bankCsv.path, "bank_csv", "whole")).rejects.toMatchObject({ code: "ERR_WORKER_OUT_OF_MEMORY" });
  }, 120_000);

  it("streams an Amazon V2 settlement through, every row counted and the total checked", async () => {
    const streamed = await profileOnSmallHeap(providers.amazon.path, "amazon_settlement_v2", "streamed");
    expect(streamed).toMatchObject({ status: "ready", rowCount: providers.amazon.records, errorCount: 0, sampledRows: 10_000 });
  }, 120_000);

  it("streams a PayPal STL report through, every body row counted and the counts checked", async () => {
    const streamed = await profileOnSmallHeap(providers.paypalStl.path, "paypal_stl", "streamed");
    expect(streamed).toMatchObject({ status: "ready", rowCount: providers.paypalStl.records, errorCount: 0, sampledRows: 10_000 });
  }, 120_000);
});
