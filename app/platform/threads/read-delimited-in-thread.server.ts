import { Worker } from "node:worker_threads";
import type { NumberColumnSpec } from "~/core/ingest/delimited/number-columns";
import type { PackedTextColumn } from "~/core/ingest/delimited/packed-columns";
import { attachTextBytes, ByteTextColumn, lazyStringColumns } from "~/core/values/text-column";
import type { DelimitedReadOptions, DelimitedTable } from "~/core/ingest/delimited/read-delimited";

/**
 * Parses a delimited file on a worker thread, so two inputs of one step parse
 * on two cores at once (perf-notes.md: ~0.5× DuckDB with one file per
 * thread). Number columns are given as specs (see app/core/ingest/delimited/number-columns.ts) because
 * decoders cannot cross threads; their typed arrays come back transferred,
 * not copied. Text columns stay the file's bytes (ByteTextColumn) on both
 * threads and are transferred too: strings are made only where an output
 * needs them.
 */
export interface ThreadReadOptions extends Omit<DelimitedReadOptions, "numberColumns"> {
  numberColumns?: Readonly<Record<string, NumberColumnSpec>>;
}

/**
 * The thread allocates a young generation large enough that a batch's
 * short-lived field strings die young instead of being copied into the old
 * generation (V8's default semi-space is a few MB).
 */
const YOUNG_GENERATION_MB = 64;

interface ThreadMessage {
  table?: DelimitedTable;
  packed?: PackedTextColumn[];
  error?: { name: string; message: string; line?: number; column?: number; file?: string };
}

export function readDelimitedFileInThread(filePath: string, options: ThreadReadOptions): Promise<DelimitedTable> {
  const entry = new URL("./read-delimited-in-thread.worker.ts", import.meta.url).href;
  // Worker threads do not inherit tsx's loader under Node 20; register it before importing the entry.
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { filePath, options }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  return new Promise<DelimitedTable>((resolve, reject) => {
    worker.once("message", (message: ThreadMessage) => {
      void worker.terminate();
      if (message.table) {
        const textBytes = message.packed!.map(toTextColumn);
        resolve(attachTextBytes({ ...message.table, cells: lazyStringColumns(textBytes) }, textBytes));
      }
      else reject(Object.assign(new Error(message.error?.message ?? "parse failed"), message.error));
    });
    worker.once("error", reject);
  });
}

function toTextColumn(column: PackedTextColumn): ByteTextColumn {
  if (column.kind !== "bytes") throw new Error(`a thread read posted a ${column.kind} column; it posts bytes`);
  return new ByteTextColumn(column.bytes, column.ends, column.ascii);
}
