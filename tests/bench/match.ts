import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { reconcile } from "~/core/engine/reconcile";
import { readDelimitedAsBytes } from "~/core/ingest/delimited/read-delimited";
import { readDelimitedFileInThread } from "~/platform/threads/read-delimited-in-thread.server";
import { reusedBufferChunks } from "~/platform/storage/reused-buffer-chunks.server";
import { compileNumberColumns } from "~/core/ingest/delimited/number-columns";
import { numberColumnsForSide } from "~/core/engine/normalize";
import { rawTableFromDelimited } from "~/core/ingest/delimited/to-raw-table";
import type { EngineResult } from "~/core/engine/types";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { ordersVsCharges } from "../support/ecommerce-rule-sets";
import { shopifyOrdersFromLineItems } from "../support/ecommerce-fixtures";
import { benchArgs, ensureEcommerceData, megabytes, timed, trackPeakRss } from "./support";

/**
 * `npm run bench:match -- [--orders N] [--blocked]`: the orders-vs-charges step end to
 * end (files → parse → normalize → match → counts) against DuckDB doing the
 * same job on the same files in the same run. Identical counts or it fails.
 */
const ORDER_COLUMNS = ["Name", "Email", "Financial Status", "Paid at", "Currency", "Total", "Payment Method"];
const BALANCE_COLUMNS = ["balance_transaction_id", "created_utc", "currency", "gross", "reporting_category", "customer_email", "payment_metadata[order_id]"];
/**
 * Amount and date columns whose only use is one parse (numberColumnsForSide)
 * are read straight to numbers: no string per cell to keep and parse again.
 */
const ORDER_NUMBERS = numberColumnsForSide(ordersVsCharges.source);
const BALANCE_NUMBERS = numberColumnsForSide(ordersVsCharges.target);
const textColumns = (columns: string[], numbers: Record<string, unknown>) => columns.filter((name) => !(name in numbers));

function readOrders(dir: string) {
  return readDelimitedAsBytes(reusedBufferChunks(path.join(dir, "shopify_orders.csv")), {
    delimiter: ",",
    columns: textColumns(ORDER_COLUMNS, ORDER_NUMBERS),
    numberColumns: compileNumberColumns(ORDER_NUMBERS),
  });
}

/** The first row of each order; the line items become garbage here, as they do in the shopify_orders adapter. */
async function readOrderHeaders(dir: string) {
  const lineItems = await readOrders(dir);
  return { orders: shopifyOrdersFromLineItems(rawTableFromDelimited(lineItems, "shopify_orders.csv", ORDER_NUMBERS)), lineItemRows: lineItems.rowCount };
}

function readBalanceInThread(dir: string) {
  return readDelimitedFileInThread(path.join(dir, "stripe_balance.csv"), { delimiter: ",", columns: textColumns(BALANCE_COLUMNS, BALANCE_NUMBERS), numberColumns: BALANCE_NUMBERS });
}

interface Counts {
  matched: number;
  amount_mismatch: number;
  missing_in_target: number;
  missing_in_source: number;
  duplicate: number;
  excluded_source: number;
  excluded_target: number;
}

async function ours(dir: string): Promise<{ counts: Counts; rows: number; parseMs: number }> {
  const started = performance.now();
  // One file per core: the balance file on a worker thread while this thread reads the orders.
  // (Preparing the balance side on that thread too was measured: no faster here, where the two
  // cores behave like one core's two hyperthreads, and about 200 MB more peak RSS: docs/performance.md.)
  const balancePromise = readBalanceInThread(dir);
  const { orders, lineItemRows } = await readOrderHeaders(dir);
  const balance = await balancePromise;
  const parseMs = performance.now() - started;
  const { result } = reconcile({ source: orders, target: rawTableFromDelimited(balance, "stripe_balance.csv", BALANCE_NUMBERS), definition: ordersVsCharges });
  return { counts: countsOf(result), rows: lineItemRows + balance.rowCount, parseMs };
}

function countsOf(result: EngineResult): Counts {
  const byType = result.summary.exceptionsByType;
  const excludedSide = (side: "source" | "target") => result.summary[side].excluded;
  return {
    matched: result.matchTable.count,
    amount_mismatch: byType.AMOUNT_MISMATCH ?? 0,
    missing_in_target: byType.MISSING_IN_TARGET ?? 0,
    missing_in_source: byType.MISSING_IN_SOURCE ?? 0,
    duplicate: byType.DUPLICATE ?? 0,
    excluded_source: excludedSide("source"),
    excluded_target: excludedSide("target"),
  };
}

async function duckdb(dir: string): Promise<Counts> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const file = (name: string) => path.join(dir, name).replace(/'/g, "''");
  // The same rules as ordersVsCharges: first row per order, scope filters, dedupe on (email, amount),
  // pass 1 on order id, pass 2 on email within 2 days, amounts in integer cents within 1.
  const reader = await connection.runAndReadAll(`
    with orders as (
      select Name as order_id, lower(trim(Email)) as email, cast(round(cast(Total as decimal(18,2)) * 100) as bigint) as amount,
             cast(strptime("Paid at", '%Y-%m-%d %H:%M:%S %z') as date) as day, "Payment Method" as method
      from read_csv('${file("shopify_orders.csv")}', header = true, all_varchar = true)
      where "Financial Status" is not null
    ), charges as (
      select balance_transaction_id as id, nullif("payment_metadata[order_id]", '') as order_id, lower(trim(customer_email)) as email,
             cast(round(cast(gross as decimal(18,2)) * 100) as bigint) as amount,
             cast(strptime(created_utc, '%Y-%m-%d %H:%M:%S') as date) as day, reporting_category as category, created_utc as ts
      from read_csv('${file("stripe_balance.csv")}', header = true, all_varchar = true)
    ), src as (select * from orders where method = 'stripe'),
       tgt_all as (select *, row_number() over (partition by email, amount order by day, ts, id) as dup_rank from charges where category = 'charge'),
       tgt as (select * from tgt_all where dup_rank = 1 or email is null or amount is null),
       p1 as (select s.order_id, t.id, abs(s.amount - t.amount) <= 1 as ok from src s join tgt t on t.order_id = s.order_id),
       src2 as (select * from src where order_id not in (select order_id from p1)),
       tgt2 as (select * from tgt where id not in (select id from p1)),
       p2 as (select s.order_id, t.id, abs(s.amount - t.amount) <= 1 as ok from src2 s join tgt2 t
              on t.email = s.email and abs(t.day - s.day) <= 2),
       m as (select * from p1 union all select * from p2)
    select
      (select count(*) from m where ok)::int as matched,
      (select count(*) from m where not ok)::int as amount_mismatch,
      ((select count(*) from src) - (select count(*) from m))::int as missing_in_target,
      ((select count(*) from tgt) - (select count(*) from m))::int as missing_in_source,
      (select count(*) from tgt_all where dup_rank > 1 and email is not null and amount is not null)::int as duplicate,
      (select count(*) from orders where method is distinct from 'stripe')::int as excluded_source,
      (select count(*) from charges where category is distinct from 'charge')::int as excluded_target`);
  const row = reader.getRowObjects()[0] as unknown as Counts;
  connection.closeSync();
  return Object.fromEntries(Object.entries(row).map(([name, value]) => [name, Number(value)])) as unknown as Counts;
}

/**
 * Passes without an exact key must still not be quadratic: a tolerance pass
 * (amount within 1, date within 2 days, blocked by sorted amount) and a fuzzy
 * pass (Jaro–Winkler on the email) over the same orders and charges.
 */
async function blockedPasses(dir: string) {
  const [orderLines, balance] = await Promise.all([readOrders(dir), readBalanceInThread(dir)]);
  const orders = shopifyOrdersFromLineItems(rawTableFromDelimited(orderLines, "shopify_orders.csv", ORDER_NUMBERS));
  const charges = rawTableFromDelimited(balance, "stripe_balance.csv", BALANCE_NUMBERS);
  const variants = {
    tolerance: { name: "amount and date", keys: ["currency"], amount: { toleranceMinor: 1, mismatchOnKeyMatch: false }, date: { windowDays: 2 } },
    fuzzy: { name: "similar email", keys: ["currency"], amount: { toleranceMinor: 1, mismatchOnKeyMatch: false }, fuzzy: { field: "email", method: "jaroWinkler", threshold: 0.97 } },
  };
  const timings: Record<string, { ms: number; matched: number }> = {};
  // The keyed rule set on the same parsed tables, for the blocked passes' time against it.
  const keyed = await timed(async () => reconcile({ source: orders, target: charges, definition: ordersVsCharges }));
  timings.keyed = { ms: Math.round(keyed.ms), matched: keyed.value.result.matchTable.count };
  for (const [label, pass] of Object.entries(variants)) {
    const definition = ruleSetDefinitionSchema.parse({ ...ordersVsCharges, passes: [pass] });
    const { value, ms } = await timed(async () => reconcile({ source: orders, target: charges, definition }));
    timings[label] = { ms: Math.round(ms), matched: value.result.matchTable.count };
  }
  return { sourceRows: orders.rowCount, targetRows: charges.rowCount, timings };
}

/** Between runs, when the bench runs with --expose-gc: each run starts from the same heap. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main() {
  const args = benchArgs({ orders: 1_000_000, seed: 7, runs: 3 });
  const runs = args.runs;
  const dir = ensureEcommerceData(args);
  console.log(`orders-vs-charges, ${args.orders} orders (seed ${args.seed}), data in ${dir}, ${runs} run${runs === 1 ? "" : "s"}`);

  // Runs alternate ours and DuckDB, and the medians are compared: on a shared machine the speed
  // drifts over a minute, and alternating makes both sides see the same drift.
  const oursMs: number[] = [];
  const duckdbMs: number[] = [];
  const peaks: number[] = [];
  let reconstream: Awaited<ReturnType<typeof ours>> | undefined;
  let baseline: Counts | undefined;
  let identical = true;
  for (let run = 1; run <= runs; run++) {
    collectGarbage();
    const memory = trackPeakRss();
    const mine = await timed(() => ours(dir));
    peaks.push(memory.stop());
    collectGarbage();
    const theirs = await timed(() => duckdb(dir));
    oursMs.push(mine.ms);
    duckdbMs.push(theirs.ms);
    reconstream = mine.value;
    baseline = theirs.value;
    identical &&= JSON.stringify(mine.value.counts) === JSON.stringify(theirs.value);
    console.log(`run ${run}: reconstream ${Math.round(mine.ms)} ms (parse ${Math.round(mine.value.parseMs)} ms), duckdb ${Math.round(theirs.ms)} ms, ratio ${(mine.ms / theirs.ms).toFixed(2)}`);
  }
  let blockedTimings: Awaited<ReturnType<typeof blockedPasses>> | undefined;
  if (args.orders <= 200_000 || args.blocked) {
    const blocked = await blockedPasses(dir);
    blockedTimings = blocked;
    console.log(`blocked passes over ${blocked.sourceRows} × ${blocked.targetRows} rows: ${JSON.stringify(blocked.timings)}`);
  }
  // The first run's peak is what a fresh process needs. Later runs' peaks also hold what DuckDB's
  // runs left in this process (its buffer pool is native memory no gc() returns), so they are
  // listed but not the figure.
  const peakRss = peaks[0]!;
  const rows = reconstream!.rows;
  const ms = median(oursMs);
  const baselineMs = median(duckdbMs);
  const ratio = ms / baselineMs;
  console.log(`reconstream: ${Math.round(ms)} ms (median), ${Math.round(rows / (ms / 1000))} rows/s, peak RSS ${megabytes(peakRss)} MB (first run; later runs ${peaks.slice(1).map(megabytes).join(", ") || "none"} MB)`);
  console.log(`duckdb:      ${Math.round(baselineMs)} ms (median)`);
  console.log(`ratio:       ${ratio.toFixed(2)} (reconstream / duckdb, medians)`);
  console.log(`counts:      ${JSON.stringify(reconstream!.counts)}`);
  if (!identical) console.log(`duckdb counts differ: ${JSON.stringify(baseline)}`);
  console.log(
    JSON.stringify({
      bench: "match",
      rows,
      ms: Math.round(ms),
      duckdbMs: Math.round(baselineMs),
      ratio: Number(ratio.toFixed(3)),
      peakRssMb: megabytes(peakRss),
      identical,
      runs,
      runRatios: oursMs.map((mine, index) => Number((mine / duckdbMs[index]!).toFixed(3))),
      runPeakRssMb: peaks.map(megabytes),
      ...(blockedTimings ? { blockedPasses: blockedTimings.timings } : {}),
    }),
  );
  if (!identical) process.exitCode = 1;
}

await main();
