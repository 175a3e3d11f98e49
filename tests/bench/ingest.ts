import { createReadStream, statSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { DelimitedReader } from "../../app/ingest/delimited/read-delimited";
import { compileAmountParser, compileDayParser, DEFAULT_AMOUNT_FORMAT } from "../../app/engine/normalize";
import { benchArgs, ensureEcommerceData, megabytes, timed, trackPeakRss } from "./support";

/**
 * `npm run bench:ingest -- [--orders N]`: bytes → parsed → typed columns for
 * the two big generator files, streaming in batches (memory stays flat with
 * file size), against DuckDB's read_csv of the same files in the same run.
 * Both sides produce the same checksums (row count, sum of amounts in minor
 * units, count of dates) or the bench fails.
 */
interface FileSpec {
  name: string;
  amounts: string[];
  /** Timestamp columns and their format. */
  timestamps: Record<string, string>;
}

const FILES: FileSpec[] = [
  {
    name: "shopify_orders.csv",
    amounts: ["Subtotal", "Shipping", "Taxes", "Total", "Discount Amount", "Lineitem price", "Refunded Amount"],
    timestamps: { "Paid at": "yyyy-MM-dd HH:mm:ss xx", "Fulfilled at": "yyyy-MM-dd HH:mm:ss xx", "Created at": "yyyy-MM-dd HH:mm:ss xx" },
  },
  {
    name: "stripe_balance.csv",
    amounts: ["gross", "fee", "net", "customer_facing_amount"],
    timestamps: {
      created_utc: "yyyy-MM-dd HH:mm:ss",
      available_on_utc: "yyyy-MM-dd HH:mm:ss",
      automatic_payout_effective_at_utc: "yyyy-MM-dd HH:mm:ss",
      charge_created_utc: "yyyy-MM-dd HH:mm:ss",
    },
  },
];

interface Checksum {
  rows: number;
  amountSum: number;
  dates: number;
}

/**
 * Amounts become integer minor units and timestamps day numbers, batch by
 * batch. Only the columns the checksum reads are materialised, as DuckDB's
 * projection pushdown does for the same query; the rest are still scanned.
 */
async function ours(dir: string, spec: FileSpec): Promise<Checksum> {
  const wanted = [...spec.amounts, ...Object.keys(spec.timestamps)];
  const reader = new DelimitedReader({ delimiter: ",", fileName: spec.name, columns: wanted });
  const parseAmount = compileAmountParser(DEFAULT_AMOUNT_FORMAT);
  const dayParsers = Object.fromEntries(Object.entries(spec.timestamps).map(([column, format]) => [column, compileDayParser(format, "UTC")]));
  const checksum: Checksum = { rows: 0, amountSum: 0, dates: 0 };
  let amountIndexes: number[] | undefined;
  let dateIndexes: Array<[number, (text: string) => unknown]> | undefined;
  const consume = (batch: { cells: Array<Array<string | null>>; rowCount: number }) => {
    if (batch.rowCount === 0) return;
    const header = wanted;
    amountIndexes ??= spec.amounts.map((name) => header.indexOf(name));
    dateIndexes ??= Object.entries(dayParsers).map(([name, parser]) => {
      if (typeof parser === "string") throw new Error(parser);
      return [header.indexOf(name), parser];
    });
    checksum.rows += batch.rowCount;
    for (const index of amountIndexes) {
      const column = batch.cells[index]!;
      const minor = new Float64Array(batch.rowCount);
      for (let row = 0; row < batch.rowCount; row++) {
        const text = column[row];
        const value = text === null || text === undefined ? null : parseAmount(text);
        minor[row] = typeof value === "number" ? value : Number.NaN;
        if (typeof value === "number") checksum.amountSum += value;
      }
    }
    for (const [index, parser] of dateIndexes) {
      const column = batch.cells[index]!;
      const days = new Int32Array(batch.rowCount);
      for (let row = 0; row < batch.rowCount; row++) {
        const text = column[row];
        const value = text === null || text === undefined ? null : parser(text);
        if (typeof value === "number") {
          days[row] = value;
          checksum.dates++;
        }
      }
    }
  };
  for await (const chunk of createReadStream(path.join(dir, spec.name), { highWaterMark: 1 << 22 })) {
    reader.push(chunk as Buffer);
    consume(reader.takeBatch());
  }
  consume(reader.finish());
  return checksum;
}

async function duckdb(dir: string, spec: FileSpec): Promise<Checksum> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const file = path.join(dir, spec.name).replace(/'/g, "''");
  const amountSum = spec.amounts.map((column) => `coalesce(sum(cast(round(try_cast("${column}" as decimal(18,2)) * 100) as bigint)), 0)`).join(" + ");
  const dates = Object.keys(spec.timestamps).map((column) => `count("${column}")`).join(" + ");
  // read_csv with type detection parses every column, as ours does.
  const reader = await connection.runAndReadAll(
    `select count(*)::bigint as rows, (${amountSum})::bigint as amount_sum, (${dates})::bigint as dates from read_csv('${file}', header = true)`,
  );
  const row = reader.getRowObjects()[0]!;
  connection.closeSync();
  return { rows: Number(row.rows), amountSum: Number(row.amount_sum), dates: Number(row.dates) };
}

async function main() {
  const args = benchArgs({ orders: 1_000_000, seed: 7 });
  const dir = ensureEcommerceData(args);
  const bytes = FILES.reduce((total, spec) => total + statSync(path.join(dir, spec.name)).size, 0);
  console.log(`ingest ${FILES.map((spec) => spec.name).join(" + ")}: ${megabytes(bytes)} MB, ${args.orders} orders (seed ${args.seed})`);

  const memory = trackPeakRss();
  const reconstream = await timed(async () => {
    const checksums: Checksum[] = [];
    for (const spec of FILES) checksums.push(await ours(dir, spec));
    return checksums;
  });
  const peakRss = memory.stop();
  const baseline = await timed(async () => {
    const checksums: Checksum[] = [];
    for (const spec of FILES) checksums.push(await duckdb(dir, spec));
    return checksums;
  });

  const identical = JSON.stringify(reconstream.value) === JSON.stringify(baseline.value);
  const rows = reconstream.value.reduce((total, checksum) => total + checksum.rows, 0);
  const ratio = reconstream.ms / baseline.ms;
  console.log(
    `reconstream: ${Math.round(reconstream.ms)} ms, ${Math.round(rows / (reconstream.ms / 1000))} rows/s, ${Math.round(megabytes(bytes) / (reconstream.ms / 1000))} MB/s, peak RSS ${megabytes(peakRss)} MB`,
  );
  console.log(`duckdb:      ${Math.round(baseline.ms)} ms`);
  console.log(`ratio:       ${ratio.toFixed(2)} (reconstream / duckdb)`);
  console.log(`checksums:   ${JSON.stringify(reconstream.value)}${identical ? "" : ` vs duckdb ${JSON.stringify(baseline.value)}`}`);
  console.log(
    JSON.stringify({ bench: "ingest", rows, ms: Math.round(reconstream.ms), duckdbMs: Math.round(baseline.ms), ratio: Number(ratio.toFixed(3)), peakRssMb: megabytes(peakRss), identical }),
  );
  if (!identical) process.exitCode = 1;
}

await main();
