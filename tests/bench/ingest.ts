import { statSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { DuckDBInstance } from "@duckdb/node-api";
import type { NumberColumnSpec } from "~/core/ingest/delimited/number-columns";
import { DEFAULT_AMOUNT_FORMAT } from "~/core/engine/normalize";
import { benchBankStatements } from "./ingest-bank";
import { benchArgs, ensureEcommerceData, megabytes, timed, trackPeakRss } from "./support";

/**
 * `npm run bench:ingest -- [--orders N] [--bank-entries N] [--bank-only]`: bytes → parsed → typed columns for
 * the two big generator files, streaming in batches (memory stays flat with
 * file size), against DuckDB's read_csv of the same files in the same run.
 * Both sides produce the same checksums (row count, sum of amounts in minor
 * units, count of dates) or the bench fails. Then the bank-statement part
 * (ingest-bank.ts): MT940 and camt.053 files read streaming, with peak RSS.
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
 * Amounts become integer minor units and timestamps day numbers, parsed in
 * place from the bytes (no string per cell), batch by batch, one file per
 * worker thread (DuckDB uses both cores too). Only the columns the checksum
 * reads are decoded, as DuckDB's projection pushdown does for the same query;
 * every field is still scanned.
 */
function ours(dir: string, spec: FileSpec): Promise<Checksum> {
  const numberColumns: Record<string, NumberColumnSpec> = {};
  for (const name of spec.amounts) numberColumns[name] = { kind: "amount", format: DEFAULT_AMOUNT_FORMAT };
  for (const [name, format] of Object.entries(spec.timestamps)) numberColumns[name] = { kind: "day", format, timeZone: "UTC" };
  const entry = new URL("./ingest-checksum.worker.ts", import.meta.url).href;
  // Worker threads do not inherit tsx's loader under Node 20; register it before importing the entry.
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  const worker = new Worker(bootstrap, {
    eval: true,
    workerData: { filePath: path.join(dir, spec.name), fileName: spec.name, amounts: spec.amounts, numberColumns },
  });
  return new Promise<Checksum>((resolve, reject) => {
    worker.once("message", (checksum: Checksum) => {
      void worker.terminate();
      resolve(checksum);
    });
    worker.once("error", reject);
  });
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

/** The CSV part; returns its fields of the last JSON line. */
async function benchCsv(args: ReturnType<typeof benchArgs>): Promise<Record<string, number | boolean>> {
  const dir = ensureEcommerceData(args);
  const bytes = FILES.reduce((total, spec) => total + statSync(path.join(dir, spec.name)).size, 0);
  console.log(`ingest ${FILES.map((spec) => spec.name).join(" + ")}: ${megabytes(bytes)} MB, ${args.orders} orders (seed ${args.seed})`);

  const memory = trackPeakRss();
  const reconstream = await timed(() => Promise.all(FILES.map((spec) => ours(dir, spec))));
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
  return { rows, ms: Math.round(reconstream.ms), duckdbMs: Math.round(baseline.ms), ratio: Number(ratio.toFixed(3)), peakRssMb: megabytes(peakRss), identical };
}

async function main() {
  const args = benchArgs({ orders: 1_000_000, seed: 7 });
  const csv = args.bankOnly ? null : await benchCsv(args);
  const bank = await benchBankStatements(args);
  const identical = (csv?.identical ?? true) === true && bank.identical;
  console.log(JSON.stringify({ bench: "ingest", ...csv, ...bank.figures, rssFlat: bank.rssFlat, identical }));
  if (!identical) process.exitCode = 1;
}

await main();
