import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tsxBootstrap } from "~/platform/threads/thread-limits.server";

/**
 * Profiling's full pass over an XLSX sheet streams its rows: on a thread
 * whose heap is smaller than the sheet's table, the scan counts every row,
 * where reading the whole table (what the scan did before) runs out of
 * memory, which shows the heap really is too small for the whole sheet.
 */

const HEAP_MB = 64;
const ROWS = 200_000;

let directory: string;
let workbookPath: string;

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "streamed-xlsx-"));
  workbookPath = path.join(directory, "large.xlsx");
  // Inline strings: no shared-string table, which the reader would hold whole.
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: workbookPath, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet("Ledger");
  sheet.addRow(["id", "memo", "amount"]).commit();
  for (let row = 0; row < ROWS; row++) sheet.addRow([row + 1, `payment reference ${row} for invoice`, (row % 9973) / 100]).commit();
  sheet.commit();
  await book.commit();
}, 60_000);

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function countOnSmallHeap(mode: "scan" | "read"): Promise<{ rowCount: number; errorCount: number }> {
  const worker = new Worker(tsxBootstrap(new URL("./support/scan-xlsx-file.worker.ts", import.meta.url)), {
    eval: true,
    workerData: { filePath: workbookPath, mode },
    resourceLimits: { maxOldGenerationSizeMb: HEAP_MB, maxYoungGenerationSizeMb: 16 },
  });
  return new Promise((resolve, reject) => {
    worker.once("message", (result: { rowCount: number; errorCount: number }) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the thread exited with code ${code}`)));
  });
}

describe("profiling a large workbook on a small heap", () => {
  it("scans every row of the sheet", async () => {
    expect(await countOnSmallHeap("scan")).toEqual({ rowCount: ROWS, errorCount: 0 });
  }, 90_000);

  it("runs out of that heap reading the sheet's whole table", async () => {
    await expect(countOnSmallHeap("read")).rejects.toMatchObject({ code: "ERR_WORKER_OUT_OF_MEMORY" });
  }, 90_000);
});
