import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import ExcelJS from "exceljs";
import { profileFile, readFile } from "~/core/ingest";
import { megabytes, timed, trackPeakRss } from "../../bench/support";

/**
 * `node --import tsx tests/unit/ingest/xlsx-reader.bench.ts [--rows N]`:
 * why ingestion reads XLSX with exceljs's streaming WorkbookReader rather
 * than its whole-workbook load. Each way runs in its own process so peak RSS
 * is its own. Not a vitest file (it takes tens of seconds); the figures are
 * in docs/decisions/004-ingestion-parsers.md.
 */
const { values } = parseArgs({ options: { rows: { type: "string" }, mode: { type: "string" }, file: { type: "string" } }, strict: true });
const rows = Number(values.rows ?? 200_000);

async function writeWorkbook(file: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = writer.addWorksheet("Orders");
  sheet.addRow(["Order", "Created", "Email", "Amount", "Currency", "Note"]).commit();
  for (let i = 0; i < rows; i++) {
    sheet.addRow([`ORD-${i}`, new Date(Date.UTC(2026, 0, 1 + (i % 365))), `user${i}@example.com`, (i % 100_000) / 100, "USD", `note ${i % 1000}`]).commit();
  }
  sheet.commit();
  await writer.commit();
}

async function streamed(file: string): Promise<number> {
  const open = () => createReadStream(file);
  const profile = await profileFile(open, "orders.xlsx");
  const result = await readFile(open, "orders.xlsx", profile, { sourceId: "bench", policy: "strict" });
  return result.table.rowCount;
}

async function loaded(file: string): Promise<number> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  let count = 0;
  book.worksheets[0]!.eachRow((row, number) => {
    if (number > 1 && row.values) count++;
  });
  return count;
}

if (values.mode) {
  const peak = trackPeakRss();
  const { value, ms } = await timed(() => (values.mode === "stream" ? streamed(values.file!) : loaded(values.file!)));
  process.stdout.write(`${JSON.stringify({ mode: values.mode, rows: value, ms: Math.round(ms), peakRssMb: megabytes(peak.stop()) })}\n`);
} else {
  const dir = path.join(os.tmpdir(), "reconstream-bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `orders-${rows}.xlsx`);
  if (!existsSync(file)) await writeWorkbook(file);
  const results = ["stream", "load"].map((mode) => {
    const run = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--mode", mode, "--file", file], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout.trim().split("\n").pop()!) as Record<string, unknown>;
  });
  process.stdout.write(`${JSON.stringify({ bench: "xlsx-reader", rows, fileMb: megabytes(statSync(file).size), results })}\n`);
}
