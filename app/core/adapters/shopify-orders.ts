import { readCsvFile } from "./support/csv";
import { LocatedErrors } from "./support/located-errors";
import { formatMinor } from "./support/money";
import { CsvRowReader, HelperColumns } from "./support/row-values";
import { rawTableOf } from "./support/table";
import type { FormatAdapter } from "./types";

/**
 * Shopify admin orders export (Orders > Export, "orders_export.csv"). Source:
 * Shopify Help Center, "Exporting orders" (the column list and the note that
 * each line item is its own row).
 *
 * The file has one row per line item; the order-level columns (Financial
 * Status, Paid at, Currency, Subtotal, Shipping, Taxes, Total, Discount
 * Amount, Payment Method, Refunded Amount, Id…) are filled on an order's
 * first row only, and its other rows repeat just Name, Email and the
 * Lineitem columns. A reconciliation compares orders, not line items, so the
 * adapter yields ONE record per order: the first row's cells, provenance =
 * the first row's line.
 *
 * Helpers: @amount = Total, @currency, @date = Created at's day as written
 * (the shop's zone), @paid_date = Paid at's day, @reference = Name ("#1001"),
 * @record_type = Financial Status, @line_items = line item rows,
 * @quantity = sum of Lineitem quantity.
 */
const HELPERS = ["@amount", "@currency", "@date", "@paid_date", "@reference", "@record_type", "@line_items", "@quantity"] as const;
const SHOPIFY_DECIMAL = { decimalSeparator: ".", thousandsSeparator: "," } as const;

export const shopifyOrders: FormatAdapter = {
  name: "shopify_orders",
  title: "Shopify orders export",
  description: "Shopify's orders CSV (one row per line item), grouped into one record per order with the order-level fields of its first row.",
  signature: { columns: ["Name", "Financial Status", "Paid at", "Lineitem quantity", "Lineitem name", "Total"] },
  read(bytes, options) {
    const errors = new LocatedErrors(options.fileName);
    const file = readCsvFile(bytes, { delimiter: ",", required: ["Name", "Financial Status", "Currency", "Total", "Created at"] }, errors);
    const rows = new CsvRowReader(file, errors);

    // Pass 1: group consecutive rows by Name; an order's rows are contiguous in every export.
    const firstRows: number[] = [];
    const lineItems: number[] = [];
    const quantities: Array<bigint | null> = [];
    const finishedAt = new Map<string, number>();
    // Groups already reported as broken: their cells are not read again, so one mistake gives one error.
    const brokenGroups = new Set<number>();
    let currentName: string | null = null;
    for (let row = 0; row < file.rowCount; row++) {
      const name = rows.text(row, "Name");
      if (name === null) {
        rows.report(row, "Name", "the order name is missing");
        continue;
      }
      const hasOrderFields = rows.text(row, "Financial Status") !== null;
      if (name !== currentName) {
        const earlier = finishedAt.get(name);
        if (earlier !== undefined) {
          rows.report(row, "Name", `order ${name} appears again after its rows ended on line ${earlier}: an order's line items must be consecutive`, name);
          brokenGroups.add(firstRows.length);
        } else if (!hasOrderFields) {
          rows.report(row, "Financial Status", `the first row of order ${name} has no order-level fields (Financial Status is empty)`);
          brokenGroups.add(firstRows.length);
        }
        if (currentName !== null) finishedAt.set(currentName, rows.line(row - 1));
        currentName = name;
        firstRows.push(row);
        lineItems.push(1);
        quantities.push(quantityOf(rows, row));
        continue;
      }
      if (hasOrderFields) {
        rows.report(row, "Financial Status", `order ${name} has its order-level fields again on a line item row`, rows.text(row, "Financial Status"));
      }
      const last = lineItems.length - 1;
      lineItems[last]! += 1;
      const quantity = quantityOf(rows, row);
      quantities[last] = quantities[last] === null || quantity === null ? null : quantities[last]! + quantity;
    }

    // Pass 2: one record per order, from its first row.
    const helpers = new HelperColumns(HELPERS, firstRows.length);
    firstRows.forEach((row, order) => {
      if (brokenGroups.has(order)) return;
      helpers.set(order, "@reference", rows.text(row, "Name"));
      helpers.set(order, "@record_type", rows.text(row, "Financial Status"));
      helpers.set(order, "@date", rows.date(row, "Created at", "ymd"));
      helpers.set(order, "@paid_date", rows.date(row, "Paid at", "ymd", false));
      helpers.set(order, "@line_items", String(lineItems[order]));
      const quantity = quantities[order];
      helpers.set(order, "@quantity", quantity === null || quantity === undefined ? null : String(quantity));
      const currency = rows.currency(row, "Currency");
      if (currency === null) return;
      helpers.set(order, "@currency", currency.code);
      const total = rows.amount(row, "Total", currency.exponent, SHOPIFY_DECIMAL);
      if (total !== null) helpers.set(order, "@amount", formatMinor(total, currency.exponent));
    });
    errors.throwIfAny();

    const cells = file.cells.map((column) => firstRows.map((row) => column[row]!));
    const lines = Uint32Array.from(firstRows, (row) => file.lines[row]!);
    return rawTableOf([...file.header, ...helpers.names], [...cells, ...helpers.cells], lines, options.sourceId);
  },
};

function quantityOf(rows: CsvRowReader, row: number): bigint | null {
  if (!rows.has("Lineitem quantity")) return null;
  const text = rows.text(row, "Lineitem quantity");
  if (text === null) return 0n;
  if (!/^\d+$/.test(text)) {
    rows.report(row, "Lineitem quantity", `"${text}" is not a whole quantity`, text);
    return null;
  }
  return BigInt(text);
}
