import type { CsvFile } from "./support/csv";
import { readHeaderCsv, type HeaderCsvFormat, type RecordColumns } from "./support/header-csv";
import type { LocatedErrors } from "./support/located-errors";
import { formatMinor } from "./support/money";
import { CsvRowReader, HelperColumns } from "./support/row-values";
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

/** The order being read: its first row (kept as a one-row file, its cells are the record's) and what its line items add up to. */
interface Order {
  name: string;
  first: CsvFile;
  broken: boolean;
  lineItems: number;
  quantity: bigint | null;
}

interface ShopifyReading {
  /** Orders already ended, by name, with the line of their last row: an order's rows must be consecutive. */
  finishedAt: Map<string, number>;
  current: Order | null;
  /** The line of the row read last, whatever it held. */
  lastLine: number;
}

export const shopifyOrdersFormat: HeaderCsvFormat<ShopifyReading> = {
  csv: { delimiter: ",", required: ["Name", "Financial Status", "Currency", "Total", "Created at"] },
  helpers: HELPERS,
  begin: () => ({ finishedAt: new Map(), current: null, lastLine: 0 }),
  rows(file, errors, reading) {
    const rows = new CsvRowReader(file, errors);
    const records = new OrderRecords(file.header.length);
    for (let row = 0; row < file.rowCount; row++) {
      readLineItem(rows, file, row, reading, records, errors);
      reading.lastLine = rows.line(row);
    }
    return records.columns();
  },
  end(reading, errors) {
    if (reading.current === null) return null;
    const records = new OrderRecords(reading.current.first.header.length);
    records.add(reading.current, errors);
    return records.columns();
  },
};

export const shopifyOrders: FormatAdapter = {
  name: "shopify_orders",
  title: "Shopify orders export",
  description: "Shopify's orders CSV (one row per line item), grouped into one record per order with the order-level fields of its first row.",
  signature: { columns: ["Name", "Financial Status", "Paid at", "Lineitem quantity", "Lineitem name", "Total"] },
  read: (bytes, options) => readHeaderCsv(shopifyOrdersFormat, bytes, options),
};

/** Groups consecutive rows by Name (an order's rows are contiguous in every export); an order ends when the next one starts. */
function readLineItem(rows: CsvRowReader, file: CsvFile, row: number, reading: ShopifyReading, records: OrderRecords, errors: LocatedErrors): void {
  const name = rows.text(row, "Name");
  if (name === null) {
    rows.report(row, "Name", "the order name is missing");
    return;
  }
  const hasOrderFields = rows.text(row, "Financial Status") !== null;
  const current = reading.current;
  if (name !== current?.name) {
    // A group already reported as broken is not read again, so one mistake gives one error.
    let broken = false;
    const earlier = reading.finishedAt.get(name);
    if (earlier !== undefined) {
      rows.report(row, "Name", `order ${name} appears again after its rows ended on line ${earlier}: an order's line items must be consecutive`, name);
      broken = true;
    } else if (!hasOrderFields) {
      rows.report(row, "Financial Status", `the first row of order ${name} has no order-level fields (Financial Status is empty)`);
      broken = true;
    }
    if (current !== null) {
      reading.finishedAt.set(current.name, reading.lastLine);
      records.add(current, errors);
    }
    const first = { ...file, cells: file.cells.map((column) => [column[row]!]), lines: Uint32Array.of(rows.line(row)), rowCount: 1 };
    reading.current = { name, first, broken, lineItems: 1, quantity: quantityOf(rows, row) };
    return;
  }
  if (hasOrderFields) {
    rows.report(row, "Financial Status", `order ${name} has its order-level fields again on a line item row`, rows.text(row, "Financial Status"));
  }
  current.lineItems += 1;
  const quantity = quantityOf(rows, row);
  current.quantity = current.quantity === null || quantity === null ? null : current.quantity + quantity;
}

/** One record per order, from its first row's cells. */
class OrderRecords {
  private readonly cells: Array<Array<string | null>>;
  private readonly helpers: Array<Array<string | null>> = HELPERS.map(() => []);
  private readonly lines: number[] = [];

  constructor(width: number) {
    this.cells = Array.from({ length: width }, () => []);
  }

  add(order: Order, errors: LocatedErrors): void {
    const { first } = order;
    first.cells.forEach((column, index) => this.cells[index]!.push(column[0]!));
    this.lines.push(first.lines[0]!);
    const helpers = new HelperColumns(HELPERS, 1);
    if (!order.broken) readOrder(order, new CsvRowReader(first, errors), helpers);
    helpers.cells.forEach((column, index) => this.helpers[index]!.push(column[0]!));
  }

  columns(): RecordColumns {
    return { cells: [...this.cells, ...this.helpers], lines: Uint32Array.from(this.lines) };
  }
}

function readOrder(order: Order, rows: CsvRowReader, helpers: HelperColumns<(typeof HELPERS)[number]>): void {
  helpers.set(0, "@reference", rows.text(0, "Name"));
  helpers.set(0, "@record_type", rows.text(0, "Financial Status"));
  helpers.set(0, "@date", rows.date(0, "Created at", "ymd"));
  helpers.set(0, "@paid_date", rows.date(0, "Paid at", "ymd", false));
  helpers.set(0, "@line_items", String(order.lineItems));
  helpers.set(0, "@quantity", order.quantity === null ? null : String(order.quantity));
  const currency = rows.currency(0, "Currency");
  if (currency === null) return;
  helpers.set(0, "@currency", currency.code);
  const total = rows.amount(0, "Total", currency.exponent, SHOPIFY_DECIMAL);
  if (total !== null) helpers.set(0, "@amount", formatMinor(total, currency.exponent));
}

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
