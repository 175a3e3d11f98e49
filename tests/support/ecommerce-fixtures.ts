import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { readDelimited } from "~/core/ingest/delimited/read-delimited";
import { rawTableFromDelimited } from "~/core/ingest/delimited/to-raw-table";
import { columnOf, selectRawRows } from "~/core/engine/raw-table";
import type { RawTable } from "~/core/engine/types";

/** The generator's files for one seed (tests/fixtures/ecommerce-2000), parsed as uploads would be. */
export interface EcommerceFiles {
  orders: RawTable;
  balance: RawTable;
  payouts: RawTable;
  bank: RawTable;
  answerKey: AnswerKey;
}

export interface AnswerKey {
  orders_vs_charges: { orders: Record<string, { status: string; counterpart?: string }>; charges: Record<string, { status: string }> };
  charges_vs_payouts: { payouts: Record<string, { status: string }> };
  payouts_vs_bank: { payouts: Record<string, { status: string; bankRow?: number }>; bank: Record<string, { status: string }> };
}

async function* once(bytes: Uint8Array) {
  yield bytes;
}

async function readCsv(dir: string, file: string): Promise<RawTable> {
  const bytes = gunzipSync(readFileSync(path.join(dir, `${file}.gz`)));
  const table = await readDelimited(once(bytes), { delimiter: ",", fileName: file });
  return rawTableFromDelimited(table, file);
}

/**
 * Shopify exports one row per line item, with the order's columns on its
 * first row only. The order-export adapter keeps those first rows: one record
 * per order, each still pointing to its line in the file.
 */
export function shopifyOrdersFromLineItems(lineItems: RawTable): RawTable {
  // Typed and sized up front: at 1M orders this runs over 1.6M line items inside bench:match's timing.
  const firstRows = new Int32Array(lineItems.rowCount);
  let count = 0;
  const statusBytes = lineItems.textBytes?.[lineItems.columns.indexOf("Financial Status")];
  if (statusBytes) {
    // Read as bytes (bench:match): no string per line item just to see which cells are blank.
    for (let row = 0; row < lineItems.rowCount; row++) if (!statusBytes.isNull(row)) firstRows[count++] = row;
  } else {
    const status = columnOf(lineItems, "Financial Status");
    for (let row = 0; row < lineItems.rowCount; row++) if (status[row] !== null) firstRows[count++] = row;
  }
  return selectRawRows(lineItems, firstRows.subarray(0, count));
}

export async function loadEcommerceSeed(seed: number): Promise<EcommerceFiles> {
  const dir = path.resolve("tests/fixtures/ecommerce-2000", `seed-${seed}`);
  return {
    orders: shopifyOrdersFromLineItems(await readCsv(dir, "shopify_orders.csv")),
    balance: await readCsv(dir, "stripe_balance.csv"),
    payouts: await readCsv(dir, "stripe_payouts.csv"),
    bank: await readCsv(dir, "bank_statement.csv"),
    answerKey: JSON.parse(gunzipSync(readFileSync(path.join(dir, "answer_key.json.gz"))).toString("utf8")) as AnswerKey,
  };
}
