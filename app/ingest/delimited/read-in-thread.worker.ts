import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { readDelimited, type DelimitedReadOptions } from "./read-delimited";

const { filePath, options } = workerData as { filePath: string; options: DelimitedReadOptions };
try {
  const table = await readDelimited(createReadStream(filePath, { highWaterMark: 1 << 22 }), options);
  parentPort!.postMessage({ table });
} catch (error) {
  const detail = error as Error & { line?: number; column?: number; file?: string };
  parentPort!.postMessage({ error: { name: detail.name, message: detail.message, line: detail.line, column: detail.column, file: detail.file } });
}
