import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { megabytes, timed, trackPeakRss } from "./support";

/**
 * One bank-statement measurement, run by ingest-bank.ts as its own child
 * process so each file size has its own peak RSS (a process's RSS does not
 * shrink back after a big run, so two sizes measured in one process would
 * share a peak). The reading runs in a worker thread
 * (bank-checksum.worker.ts), as the CSV part's does; prints one JSON line.
 */
export interface BankChecksum {
  entries: number;
  statements: number;
  /** Sum of @amount in minor units, as a decimal string (a bigint does not survive JSON). */
  amountMinor: string;
  /** Opening balance + the statement's entries = closing balance, for every statement, and the reader found no error. */
  balanced: boolean;
  errors: number;
}

function checksumInWorker(format: string, filePath: string): Promise<BankChecksum> {
  const entry = new URL("./bank-checksum.worker.ts", import.meta.url).href;
  // Worker threads do not inherit tsx's loader under Node 20; register it before importing the entry.
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { format, filePath } });
  return new Promise<BankChecksum>((resolve, reject) => {
    worker.once("message", (checksum: BankChecksum) => {
      void worker.terminate();
      resolve(checksum);
    });
    worker.once("error", reject);
  });
}

async function main() {
  const { values } = parseArgs({ options: { format: { type: "string" }, file: { type: "string" } }, strict: true });
  const { format, file } = values;
  if (!format || !file) throw new Error("usage: bank-checksum.ts --format mt940|camt053 --file <path>");
  const memory = trackPeakRss();
  const result = await timed(() => checksumInWorker(format, file));
  const peakRss = memory.stop();
  console.log(JSON.stringify({ ...result.value, ms: Math.round(result.ms), peakRssMb: megabytes(peakRss) }));
}

await main();
