import { parentPort, workerData } from "node:worker_threads";
import { compileNumberColumns } from "~/core/ingest/delimited/number-columns";
import { transferablesOf } from "~/core/ingest/delimited/packed-columns";
import { DelimitedReader } from "~/core/ingest/delimited/read-delimited";
import type { ThreadReadOptions } from "./read-delimited-in-thread.server";
import { reusedBufferChunks } from "~/platform/storage/reused-buffer-chunks.server";

const { filePath, options } = workerData as { filePath: string; options: ThreadReadOptions };
try {
  const numberColumns = options.numberColumns ? compileNumberColumns(options.numberColumns) : undefined;
  // Text columns stay bytes here and on the receiving thread (ByteTextColumn): no string per cell.
  const reader = new DelimitedReader({ ...options, numberColumns, textAsBytes: true });
  // One reused buffer: the reader copies what it keeps, and fresh 4 MB chunks cost their page faults.
  for await (const chunk of reusedBufferChunks(filePath)) {
    reader.push(chunk);
    if (reader.done) break;
  }
  const table = reader.finish();
  const packed = reader.takeByteColumns();
  const transfer = [table.lines.buffer as ArrayBuffer, ...table.numbers.map((values) => values.buffer as ArrayBuffer), ...transferablesOf(packed)];
  parentPort!.postMessage({ table: { ...table, cells: [] }, packed }, transfer);
} catch (error) {
  const detail = error as Error & { line?: number; column?: number; file?: string };
  parentPort!.postMessage({ error: { name: detail.name, message: detail.message, line: detail.line, column: detail.column, file: detail.file } });
}
