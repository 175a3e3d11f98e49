import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { compileNumberColumns } from "./number-columns";
import { packTextColumn, transferablesOf } from "./packed-columns";
import { readDelimited } from "./read-delimited";
import type { ThreadReadOptions } from "./read-in-thread";

const { filePath, options } = workerData as { filePath: string; options: ThreadReadOptions };
try {
  const numberColumns = options.numberColumns ? compileNumberColumns(options.numberColumns) : undefined;
  const table = await readDelimited(createReadStream(filePath, { highWaterMark: 1 << 22 }), { ...options, numberColumns });
  const packed = table.cells.map((cells) => packTextColumn(cells));
  const transfer = [table.lines.buffer as ArrayBuffer, ...table.numbers.map((values) => values.buffer as ArrayBuffer), ...transferablesOf(packed)];
  parentPort!.postMessage({ table: { ...table, cells: [] }, packed }, transfer);
} catch (error) {
  const detail = error as Error & { line?: number; column?: number; file?: string };
  parentPort!.postMessage({ error: { name: detail.name, message: detail.message, line: detail.line, column: detail.column, file: detail.file } });
}
