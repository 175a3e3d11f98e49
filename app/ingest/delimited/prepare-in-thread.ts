import { Worker } from "node:worker_threads";
import { NormalizeDefinitionError, type DefinitionIssue } from "../../engine/normalize/errors";
import type { PreparedSide } from "../../engine/prepare-side";
import type { SideDefinition } from "../../engine/rule-set";
import type { NumberColumnSpec } from "./number-columns";
import { unpackPreparedSide, type PackedPreparedSide } from "./packed-side";
import type { DelimitedReadOptions } from "./read-delimited";

/**
 * Reads a delimited file and prepares its side of a reconciliation (mapping,
 * scope filter, duplicates: engine/prepare-side.ts) on a worker thread. A
 * side needs nothing from the other side until matching, so while this
 * thread reads and prepares one input, the calling thread does the same
 * for the other: on two cores the slower side, not the sum of both, is
 * what matching waits for.
 */
export interface PrepareInThreadJob {
  filePath: string;
  /** Provenance id of every row (the file's id). */
  sourceId: string;
  /** Reader options; number columns as specs, since decoders cannot cross threads. */
  read: Omit<DelimitedReadOptions, "numberColumns"> & { numberColumns?: Readonly<Record<string, NumberColumnSpec>> };
  side: SideDefinition;
  lookups: Readonly<Record<string, Readonly<Record<string, string>>>>;
  sideName: "source" | "target";
}

/** As in read-in-thread.ts: a young generation big enough for a batch's short-lived strings to die young. */
const YOUNG_GENERATION_MB = 64;

interface ThreadMessage {
  packed?: PackedPreparedSide;
  error?: { name: string; message: string; line?: number; column?: number; file?: string; issues?: DefinitionIssue[] };
}

export function prepareDelimitedSideInThread(job: PrepareInThreadJob): Promise<PreparedSide> {
  const entry = new URL("./prepare-in-thread.worker.ts", import.meta.url).href;
  // Worker threads do not inherit tsx's loader under Node 20; register it before importing the entry.
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: job, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  return new Promise<PreparedSide>((resolve, reject) => {
    worker.once("message", (message: ThreadMessage) => {
      void worker.terminate();
      if (process.env.TRACE_PREP) console.log("message", performance.timeOrigin + performance.now());
      if (message.packed) resolve(unpackPreparedSide(message.packed));
      else reject(rebuildError(message.error));
    });
    worker.once("error", reject);
  });
}

/** The thread's error as the caller would have got it from doing the work itself. */
function rebuildError(error: ThreadMessage["error"]): Error {
  if (error?.name === "NormalizeDefinitionError" && error.issues) return new NormalizeDefinitionError(error.issues);
  return Object.assign(new Error(error?.message ?? "preparing the side failed"), error);
}
