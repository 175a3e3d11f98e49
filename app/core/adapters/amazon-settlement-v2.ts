import { ReadAgain } from "./streaming/protocol";
import type { CsvFile } from "./support/csv";
import { isoDateOf } from "./support/dates";
import { oneRecordPerRow, readHeaderCsv, type HeaderCsvFormat } from "./support/header-csv";
import type { LocatedErrors } from "./support/located-errors";
import { formatMinor, type DecimalFormat } from "./support/money";
import { CsvRowReader, HelperColumns } from "./support/row-values";
import type { FormatAdapter } from "./types";

/**
 * Amazon seller "Settlement report — flat file V2"
 * (_GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2_), tab-separated. Source: the
 * Selling Partner API reports documentation and Seller Central's settlement
 * report help.
 *
 * The first data row is the settlement summary: settlement-id,
 * settlement-start-date, settlement-end-date, deposit-date, total-amount and
 * currency, nothing else. Every other row is one amount line of an order,
 * refund or fee (transaction-type, order-id, amount-type, amount-description,
 * amount, posted-date, sku…), many per order. The sum of the amount lines is
 * the total, and the total is what reaches the bank on the deposit date; the
 * adapter checks the sum (a located error on the summary row if it is off).
 * EU marketplaces write decimal commas ("12,34") and dd.mm.yyyy dates; the
 * file's decimal separator is decided from all its amounts at once.
 *
 * Output: one record per row, the summary included, so a stream can match
 * the summary to the bank deposit and the amount lines to orders. Helpers:
 * @amount (total-amount on the summary, amount elsewhere), @currency (the
 * summary's, on every row), @date (deposit-date on the summary, posted-date
 * elsewhere), @deposit_date, @settlement_id, @reference (order-id, else
 * adjustment-id, else merchant-order-id), @record_type ("summary" or
 * transaction-type), @amount_type ("ItemPrice/Principal").
 */
const HELPERS = ["@amount", "@currency", "@date", "@deposit_date", "@settlement_id", "@reference", "@record_type", "@amount_type"] as const;
const REQUIRED = ["settlement-id", "deposit-date", "total-amount", "currency", "transaction-type", "amount", "posted-date"] as const;

interface Settlement {
  settlementId: string | null;
  code: string;
  exponent: number;
  depositDate: string | null;
  total: bigint | null;
  format: DecimalFormat;
  /** Where the sum check reports: the summary's line, total-amount's field position and text. */
  line: number;
  totalColumn: number;
  totalText: string | null;
}

interface AmazonReading {
  /** A second pass after a decimal comma turned up late: the file is an EU one from its first row. */
  decimalComma: boolean;
  settlement: Settlement | null;
  sum: bigint;
}

const DECIMAL_COMMA = { decimalSeparator: ",", thousandsSeparator: "." } as const;
const DECIMAL_POINT = { decimalSeparator: ".", thousandsSeparator: "" } as const;

export const amazonSettlementV2Format: HeaderCsvFormat<AmazonReading> = {
  csv: { delimiter: "\t", required: REQUIRED },
  helpers: HELPERS,
  begin: (_header, _headerLine, _errors, hint) => ({ decimalComma: hint === "decimal-comma", settlement: null, sum: 0n }),
  rows(file, errors, reading) {
    const rows = new CsvRowReader(file, errors);
    const first = reading.settlement === null;
    if (reading.settlement === null) reading.settlement = readSummary(rows, file, errors, reading.decimalComma);
    else if (reading.settlement.format === DECIMAL_POINT && hasDecimalComma(rows, file.rowCount)) throw new ReadAgain("decimal-comma");
    const { settlementId, code, exponent, depositDate, total, format } = reading.settlement;
    const helpers = new HelperColumns(HELPERS, file.rowCount);
    for (let row = 0; row < file.rowCount; row++) {
      helpers.set(row, "@currency", code);
      helpers.set(row, "@deposit_date", depositDate);
      helpers.set(row, "@settlement_id", settlementId);
      if (first && row === 0) {
        helpers.set(row, "@record_type", "summary");
        helpers.set(row, "@date", depositDate);
        helpers.set(row, "@amount", total === null ? null : formatMinor(total, exponent));
        continue;
      }
      if (rows.text(row, "total-amount") !== null) rows.report(row, "total-amount", "only the first row (the settlement summary) carries total-amount", rows.text(row, "total-amount"));
      const rowSettlement = rows.text(row, "settlement-id");
      if (rowSettlement !== null && rowSettlement !== settlementId) rows.report(row, "settlement-id", `the row belongs to settlement ${rowSettlement}, the file to ${settlementId}`, rowSettlement);
      const rowCurrency = rows.text(row, "currency");
      if (rowCurrency !== null && rowCurrency.toUpperCase() !== code) rows.report(row, "currency", `the row is in ${rowCurrency}, the settlement in ${code}`, rowCurrency);
      helpers.set(row, "@record_type", rows.text(row, "transaction-type"));
      helpers.set(row, "@reference", rows.text(row, "order-id") ?? rows.text(row, "adjustment-id") ?? rows.text(row, "merchant-order-id"));
      const amountType = [rows.text(row, "amount-type"), rows.text(row, "amount-description")].filter((part) => part !== null).join("/");
      helpers.set(row, "@amount_type", amountType);
      helpers.set(row, "@date", dateOf(rows, row, "posted-date"));
      const amount = rows.amount(row, "amount", exponent, format);
      if (amount === null) continue;
      reading.sum += amount;
      helpers.set(row, "@amount", formatMinor(amount, exponent));
    }
    return oneRecordPerRow(file, helpers.cells);
  },
  end(reading, errors, headerLine) {
    const settlement = reading.settlement;
    if (settlement === null) return errors.fail(headerLine, "the first row must be the settlement summary, with total-amount and deposit-date", { field: "total-amount" });
    // Only the sum is kept of the amount lines; the summary's line and text are in the settlement.
    const { total, exponent } = settlement;
    if (errors.size === 0 && total !== null && reading.sum !== total) {
      errors.add(settlement.line, `the amount lines add up to ${formatMinor(reading.sum, exponent)}, not the total ${formatMinor(total, exponent)}`, {
        column: settlement.totalColumn,
        field: "total-amount",
        value: settlement.totalText,
      });
    }
    return null;
  },
};

export const amazonSettlementV2: FormatAdapter = {
  name: "amazon_settlement_v2",
  title: "Amazon settlement report (flat file V2)",
  description: "Amazon's tab-separated V2 settlement report: a summary row with the total and deposit date, then one row per amount line; the amounts must add up to the total.",
  signature: { columns: ["settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date", "total-amount", "transaction-type", "amount-type", "amount-description"] },
  read: (bytes, options) => readHeaderCsv(amazonSettlementV2Format, bytes, options),
};

/**
 * The summary, from the first row of the first batch. A file uses one
 * decimal separator throughout: any amount with a comma makes it a
 * decimal-comma (EU) file, decided here from the first batch (read() has
 * the whole file in it; a streamed read asks for a second pass when a comma
 * turns up in a later batch).
 */
function readSummary(rows: CsvRowReader, file: CsvFile, errors: LocatedErrors, decimalComma: boolean): Settlement {
  if (rows.text(0, "total-amount") === null) {
    errors.fail(rows.line(0), "the first row must be the settlement summary, with total-amount and deposit-date", { field: "total-amount" });
  }
  const format = decimalComma || hasDecimalComma(rows, file.rowCount) ? DECIMAL_COMMA : DECIMAL_POINT;
  const settlementId = rows.text(0, "settlement-id");
  const currency = rows.currency(0, "currency");
  const depositDate = dateOf(rows, 0, "deposit-date");
  errors.throwIfAny();
  const { code, exponent } = currency!;
  const total = rows.amount(0, "total-amount", exponent, format);
  return { settlementId, code, exponent, depositDate, total, format, line: rows.line(0), totalColumn: file.header.indexOf("total-amount") + 1, totalText: rows.text(0, "total-amount") };
}

function hasDecimalComma(rows: CsvRowReader, rowCount: number): boolean {
  for (let row = 0; row < rowCount; row++) {
    for (const name of ["amount", "total-amount"]) {
      if (rows.text(row, name)?.includes(",")) return true;
    }
  }
  return false;
}

/** "2026-01-05", "2026-01-05 08:00:00 UTC", "2026-01-05T08:00:00+00:00" or the EU "05.01.2026 08:00:00 UTC". */
function dateOf(rows: CsvRowReader, row: number, name: string): string | null {
  const text = rows.text(row, name);
  if (text === null) {
    rows.report(row, name, "the date is missing");
    return null;
  }
  const iso = isoDateOf(text, "ymd") ?? isoDateOf(text, "dmy-dot");
  if (iso === null) rows.report(row, name, `"${text}" is not a date in the yyyy-mm-dd or dd.mm.yyyy form`, text);
  return iso;
}
