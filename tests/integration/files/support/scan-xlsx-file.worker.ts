import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { profileFile, readFile, scanFile } from "~/core/ingest";

/**
 * Profiles one workbook on disk and counts its rows, with the streaming scan
 * or by reading the whole table, on a thread the test started with a small
 * heap; posts the counts.
 */
const { filePath, mode } = workerData as { filePath: string; mode: "scan" | "read" };
const open = () => createReadStream(filePath, { highWaterMark: 64 * 1024 });
const profile = await profileFile(open, "large.xlsx");
const options = { sourceId: "file_large", policy: "lenient" as const };
if (mode === "scan") {
  const scanned = await scanFile(open, "large.xlsx", profile, options);
  parentPort!.postMessage({ rowCount: scanned.rowCount, errorCount: scanned.errorCount });
} else {
  const read = await readFile(open, "large.xlsx", profile, options);
  parentPort!.postMessage({ rowCount: read.table.rowCount, errorCount: read.errorCount });
}
