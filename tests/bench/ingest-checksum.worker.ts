import { createReadStream } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { compileNumberColumns, type NumberColumnSpec } from "~/core/ingest/delimited/number-columns";
import { DelimitedReader } from "~/core/ingest/delimited/read-delimited";

/**
 * bench:ingest's per-file work, on its own thread: bytes → typed columns
 * (amounts in minor units, timestamps as day numbers) batch by batch, so
 * memory stays flat with file size; only the checksum goes back.
 */
const { filePath, fileName, amounts, numberColumns } = workerData as {
  filePath: string;
  fileName: string;
  amounts: string[];
  numberColumns: Record<string, NumberColumnSpec>;
};

const names = Object.keys(numberColumns);
const isAmount = names.map((name) => amounts.includes(name));
const reader = new DelimitedReader({ delimiter: ",", fileName, columns: [], numberColumns: compileNumberColumns(numberColumns) });
const checksum = { rows: 0, amountSum: 0, dates: 0 };

function consume(batch: { numbers: Float64Array[]; rowCount: number }): void {
  checksum.rows += batch.rowCount;
  for (let column = 0; column < names.length; column++) {
    const values = batch.numbers[column]!;
    if (isAmount[column]) {
      let sum = 0;
      for (let row = 0; row < batch.rowCount; row++) {
        const value = values[row]!;
        if (value === value) sum += value; // NaN: blank or not an amount
      }
      checksum.amountSum += sum;
    } else {
      let count = 0;
      for (let row = 0; row < batch.rowCount; row++) if (values[row] === values[row]) count++;
      checksum.dates += count;
    }
  }
}

for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 22 })) {
  reader.push(chunk as Buffer);
  consume(reader.takeBatch());
}
consume(reader.finish());
parentPort!.postMessage(checksum);
