import { Worker } from "node:worker_threads";
import type { DelimitedReadOptions, DelimitedTable } from "./read-delimited";

/**
 * Parses a delimited file on a worker thread, so two inputs of one step parse
 * on two cores at once (perf-notes.md: ~0.5× DuckDB with one file per
 * thread). The parsed columns come back by structured clone, which costs far
 * less than the parse itself.
 */
export function readDelimitedFileInThread(filePath: string, options: DelimitedReadOptions): Promise<DelimitedTable> {
  const entry = new URL("./read-in-thread.worker.ts", import.meta.url).href;
  // Worker threads do not inherit tsx's loader under Node 20; register it before importing the entry.
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { filePath, options } });
  return new Promise<DelimitedTable>((resolve, reject) => {
    worker.once("message", (message: { table?: DelimitedTable; error?: { name: string; message: string; line?: number; column?: number; file?: string } }) => {
      void worker.terminate();
      if (message.table) resolve(message.table);
      else reject(Object.assign(new Error(message.error?.message ?? "parse failed"), message.error));
    });
    worker.once("error", reject);
  });
}
