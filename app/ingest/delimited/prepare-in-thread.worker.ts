import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { prepareSide } from "../../engine/prepare-side";
import { compileNumberColumns } from "./number-columns";
import { packPreparedSide } from "./packed-side";
import { readDelimited } from "./read-delimited";
import type { PrepareInThreadJob } from "./prepare-in-thread";
import { rawTableFromDelimited } from "./to-raw-table";

const job = workerData as PrepareInThreadJob;
try {
  const { read } = job;
  const numberSpecs = read.numberColumns ?? {};
  const table = await readDelimited(createReadStream(job.filePath, { highWaterMark: 1 << 22 }), { ...read, numberColumns: compileNumberColumns(numberSpecs) });
  const raw = rawTableFromDelimited(table, job.sourceId, numberSpecs);
  if (process.env.TRACE_PREP) console.log("thread read", performance.timeOrigin + performance.now());
  const prepared = prepareSide(raw, job.side, { lookups: job.lookups, sideName: job.sideName });
  if (process.env.TRACE_PREP) console.log("thread prepared", performance.timeOrigin + performance.now());
  const { packed, transfer } = packPreparedSide(prepared, job.side);
  if (process.env.TRACE_PREP) console.log("thread packed", performance.timeOrigin + performance.now());
  parentPort!.postMessage({ packed }, transfer);
} catch (error) {
  const detail = error as Error & { line?: number; column?: number; file?: string; issues?: unknown };
  parentPort!.postMessage({ error: { name: detail.name, message: detail.message, line: detail.line, column: detail.column, file: detail.file, issues: detail.issues } });
}
