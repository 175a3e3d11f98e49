import type { RawTable } from "~/core/values/tables";
import { CsvRecordSplitter, CsvRecordSyntaxError, type CsvRecord } from "./support/csv-records";
import { isoDateOf } from "./support/dates";
import { LocatedErrors } from "./support/located-errors";
import { formatMinor, integerToMinor, minorDigits } from "./support/money";
import { GrowingRecordTable } from "./support/table";
import { decodeText } from "./support/text";
import type { AdapterReadOptions, FormatAdapter } from "./types";

/**
 * PayPal Settlement Report (STL-yyyymmdd.nn.vvv.CSV, delivered over SFTP).
 * Source: PayPal's "Settlement Report Specification" (SFTP reports).
 *
 * Every row starts with its type:
 *   RH report header (generation date, reporting window, account id, version)
 *   FH file header (sequence number)
 *   SH section header (period start, period end, account id, partner account id)
 *   CH column header of the section's body rows
 *   SB section body: one balance-affecting transaction
 *   SF / RF section / report footer (totals per currency), FF file footer
 *   SC / RC section / report record count: number of SB rows
 * Amounts are unsigned whole numbers in hundredths of the currency unit
 * ("100,00 yen and $100.00 are both 10000", says the spec) with separate
 * CR/DR indicator columns. Note the real column name "Transaction  Debit or
 * Credit" with TWO spaces: it is kept verbatim (a single-space spelling is
 * accepted too). Older files are Windows-1252; current ones UTF-8: both read.
 *
 * Output: one record per SB row, with the CH columns as written, plus
 * @amount = gross (CR +, DR −) − fee paid, @gross, @fee (+ = fee charged),
 * @currency, @date = Transaction Completion Date's day (when it settled),
 * @initiation_date, @reference = Transaction ID, @invoice = Invoice ID,
 * @record_type = Transaction Event Code (T0006…), @account_id (from SH).
 * SC and RC counts are checked against the SB rows; SF/RF totals are kept
 * out of the records (their per-currency layout varies by report version).
 */
const HELPERS = ["@amount", "@gross", "@fee", "@currency", "@date", "@initiation_date", "@reference", "@invoice", "@record_type", "@account_id"] as const;
const ROW_TYPES = new Set(["RH", "FH", "SH", "CH", "SB", "SF", "SC", "RF", "RC", "FF"]);
const REQUIRED_COLUMNS = [
  "Transaction ID",
  "Transaction Event Code",
  "Transaction Completion Date",
  "Gross Transaction Amount",
  "Gross Transaction Currency",
  "Fee Debit or Credit",
  "Fee Amount",
] as const;
const DEBIT_OR_CREDIT = /^Transaction\s+Debit or Credit$/;
/** STL amounts are always in hundredths, whatever the currency's own minor digits. */
const STL_DIGITS = 2;

export const paypalStl: FormatAdapter = {
  name: "paypal_stl",
  title: "PayPal Settlement report (STL)",
  description: "PayPal's SFTP settlement report: RH/FH/SH/CH/SB/SF/SC/RF/RC/FF rows, unsigned amounts in hundredths with CR/DR indicators; one record per SB row.",
  signature: { firstBytes: '^"?RH"?,' },
  read: readPaypalStl,
};

interface Section {
  line: number;
  accountId: string | null;
  bodyRows: number;
}

/**
 * One reading of a report, record by record, shared by read() (the whole
 * text as one chunk) and the chunk-driven reader. What read() reports comes
 * in stages, each alone: a syntax error, then a file that is no report (no
 * RH first), then the column header rows' errors, then the body rows'; the
 * later stages are still read, so the first one with errors is known only at
 * the end. Held: one record, the current section and the columns' union.
 */
export class StlReading {
  private readonly splitter = new CsvRecordSplitter();
  private readonly errors: LocatedErrors;
  private readonly columnErrors: LocatedErrors;
  private first: CsvRecord | null = null;
  private seenColumnHeader = false;
  private readonly bodyColumns: string[] = [];
  private header: string[] | null = null;
  private section: Section | null = null;
  private reportBodyRows = 0;
  private reportAccountId: string | null = null;

  constructor(private readonly options: AdapterReadOptions) {
    this.errors = new LocatedErrors(options.fileName);
    this.columnErrors = new LocatedErrors(options.fileName);
  }

  /** Reads the records the text completes, handing each body row's record to `sink`. */
  push(text: string, sink: (record: StlRecord) => void): void {
    this.readAll(this.split(() => this.splitter.push(text)), sink);
  }

  finish(sink: (record: StlRecord) => void): void {
    this.readAll(this.split(() => this.splitter.finish()), sink);
  }

  /** The CH rows' columns so far (all of them after finish), then the helpers. */
  columns(): string[] {
    return [...this.bodyColumns, ...HELPERS];
  }

  /** Throws what read() throws. */
  end(): void {
    const first = this.first;
    if (first === null || first.fields[0] !== "RH") {
      new LocatedErrors(this.options.fileName).fail(first?.line ?? 1, 'a PayPal settlement report starts with its "RH" report header row', { column: 1, value: first?.fields[0] });
    }
    if (!this.seenColumnHeader) this.columnErrors.add(1, "the report has no column header row (CH)");
    this.columnErrors.throwIfAny();
    this.errors.throwIfAny();
  }

  private split(records: () => CsvRecord[]): CsvRecord[] {
    try {
      return records();
    } catch (error) {
      if (!(error instanceof CsvRecordSyntaxError)) throw error;
      const { line, message, column } = error.located;
      return new LocatedErrors(this.options.fileName).fail(line, message, { column });
    }
  }

  private readAll(records: CsvRecord[], sink: (record: StlRecord) => void): void {
    for (const record of records) {
      this.first ??= record;
      // Not a report at all: nothing else is read (end() says so, unless a syntax error comes first).
      if (this.first.fields[0] !== "RH") continue;
      const read = this.read(record);
      if (read !== null) sink(read);
    }
  }

  private read(record: CsvRecord): StlRecord | null {
    const type = record.fields[0]!;
    switch (type) {
      case "RH":
        this.reportAccountId = record.fields[3] || null;
        return null;
      case "SH":
        this.section = { line: record.line, accountId: record.fields[3] || this.reportAccountId, bodyRows: 0 };
        this.header = null;
        return null;
      case "CH":
        this.header = record.fields.slice(1);
        this.checkColumnHeader(record);
        return null;
      case "SB":
        if (!this.header) {
          this.errors.add(record.line, "a section body row (SB) comes before its column header row (CH)", { column: 1 });
          return null;
        }
        if (this.section) this.section.bodyRows++;
        this.reportBodyRows++;
        return readBodyRow(record, this.header, this.section?.accountId ?? this.reportAccountId, this.errors);
      case "SC":
        checkCount(record, this.section?.bodyRows ?? 0, "section", this.errors);
        return null;
      case "RC":
        checkCount(record, this.reportBodyRows, "report", this.errors);
        return null;
      default:
        if (!ROW_TYPES.has(type)) this.errors.add(record.line, `"${type}" is not a settlement report row type (RH, FH, SH, CH, SB, SF, SC, RF, RC, FF)`, { column: 1, value: type });
        return null;
    }
  }

  /** The output's columns are the union of every CH row's, in first-seen order; each CH must name the required ones. */
  private checkColumnHeader(record: CsvRecord): void {
    this.seenColumnHeader = true;
    const names = record.fields.slice(1);
    for (const name of REQUIRED_COLUMNS) {
      if (!names.includes(name)) this.columnErrors.add(record.line, `the column header row has no "${name}" column`, { field: name });
    }
    if (!names.some((name) => DEBIT_OR_CREDIT.test(name))) this.columnErrors.add(record.line, 'the column header row has no "Transaction  Debit or Credit" column', { field: "Transaction  Debit or Credit" });
    for (const name of names) if (!this.bodyColumns.includes(name)) this.bodyColumns.push(name);
  }
}

export interface StlRecord {
  line: number;
  /** By column name; an empty value is "" (tables store it as null). */
  values: Record<string, string | null>;
}

function readPaypalStl(bytes: Uint8Array, options: AdapterReadOptions): RawTable {
  const reading = new StlReading(options);
  // The columns are known only at the end (every CH row's), so the table grows them as records name them.
  const table = new GrowingRecordTable();
  const add = (record: StlRecord) => table.add(record.line, record.values);
  reading.push(decodeText(bytes), add);
  reading.finish(add);
  reading.end();
  return table.build(reading.columns(), options.sourceId);
}

function readBodyRow(record: CsvRecord, header: string[], accountId: string | null, errors: LocatedErrors): StlRecord | null {
  const values: Record<string, string | null> = {};
  const body = record.fields.slice(1);
  if (body.length !== header.length) {
    errors.add(record.line, `the row has ${body.length} fields after "SB" where its column header (CH) has ${header.length}`);
    return null;
  }
  const position = new Map<string, number>();
  header.forEach((name, index) => {
    values[name] = body[index]!;
    position.set(name, index);
  });
  const report = (name: string, message: string) => {
    const index = position.get(name);
    errors.add(record.line, message, { field: name, value: values[name], ...(index === undefined ? {} : { column: record.columns[index + 1] }) });
  };
  const debitOrCredit = header.find((name) => DEBIT_OR_CREDIT.test(name))!;

  const currency = (values["Gross Transaction Currency"] ?? "").trim().toUpperCase();
  const exponent = minorDigits(currency);
  if (exponent === undefined) report("Gross Transaction Currency", `"${currency}" is not an ISO 4217 currency code`);
  const gross = signedHundredths(values["Gross Transaction Amount"] ?? "", values[debitOrCredit] ?? "", "Gross Transaction Amount", debitOrCredit, report, true);
  // A fee is paid on a DR indicator: the fee's sign is the opposite of its effect on the balance.
  const feeEffect = signedHundredths(values["Fee Amount"] ?? "", values["Fee Debit or Credit"] ?? "", "Fee Amount", "Fee Debit or Credit", report, false);
  const feeCurrency = (values["Fee Currency"] ?? "").trim().toUpperCase();
  if (feeEffect !== null && feeEffect !== 0n && feeCurrency !== "" && feeCurrency !== currency) {
    report("Fee Currency", `the fee is in ${feeCurrency} but the gross amount in ${currency}: the net amount cannot be formed`);
  }

  const completion = dateOf(values["Transaction Completion Date"], "Transaction Completion Date", report);
  const initiation = dateOf(values["Transaction Initiation Date"], "Transaction Initiation Date", report);
  const helpers: Record<string, string | null> = {
    "@currency": exponent === undefined ? null : currency,
    "@date": completion ?? initiation,
    "@initiation_date": initiation,
    "@reference": values["Transaction ID"] || null,
    "@invoice": values["Invoice ID"] || null,
    "@record_type": values["Transaction Event Code"] || null,
    "@account_id": accountId,
  };
  if (exponent !== undefined && gross !== null && feeEffect !== null) {
    const scaled = [gross, -feeEffect, gross + feeEffect].map((hundredths) => toCurrencyMinor(hundredths, exponent));
    if (scaled.some((value) => value === null)) {
      report("Gross Transaction Amount", `the amount has cents, which ${currency} (${exponent} minor digits) cannot hold`);
    } else {
      const [grossMinor, feeMinor, netMinor] = scaled as bigint[];
      helpers["@gross"] = formatMinor(grossMinor!, exponent);
      helpers["@fee"] = formatMinor(feeMinor!, exponent);
      helpers["@amount"] = formatMinor(netMinor!, exponent);
    }
  }
  return { line: record.line, values: Object.assign(values, helpers) };
}

/** Hundredths signed by a CR/DR indicator (+ for CR); a zero or absent optional amount needs no indicator. */
function signedHundredths(
  amountText: string,
  indicatorText: string,
  amountField: string,
  indicatorField: string,
  report: (field: string, message: string) => void,
  required: boolean,
): bigint | null {
  const trimmed = amountText.trim();
  if (trimmed === "") {
    if (required) report(amountField, "the amount is missing");
    return required ? null : 0n;
  }
  const value = integerToMinor(trimmed);
  if (typeof value === "string") {
    report(amountField, value);
    return null;
  }
  const indicator = indicatorText.trim().toUpperCase();
  if (indicator === "CR") return value;
  if (indicator === "DR") return -value;
  if (value === 0n && indicator === "") return 0n;
  report(indicatorField, `"${indicatorText}" is not a debit or credit indicator (CR or DR)`);
  return null;
}

function toCurrencyMinor(hundredths: bigint, exponent: number): bigint | null {
  if (exponent >= STL_DIGITS) return hundredths * 10n ** BigInt(exponent - STL_DIGITS);
  const divisor = 10n ** BigInt(STL_DIGITS - exponent);
  return hundredths % divisor === 0n ? hundredths / divisor : null;
}

function dateOf(text: string | null | undefined, field: string, report: (field: string, message: string) => void): string | null {
  if (!text || text.trim() === "") return null;
  const iso = isoDateOf(text, "ymd-slash");
  if (iso === null) report(field, `"${text}" is not a date in the yyyy/mm/dd hh:mm:ss ±hhmm form of the report`);
  return iso;
}

function checkCount(record: CsvRecord, counted: number, scope: "section" | "report", errors: LocatedErrors): void {
  const written = (record.fields[1] ?? "").trim();
  if (!/^\d+$/.test(written)) {
    errors.add(record.line, `the ${scope} record count "${written}" is not a number`, { column: record.columns[1], value: written });
    return;
  }
  if (Number(written) !== counted) {
    errors.add(record.line, `the ${scope} record count says ${written} body rows (SB), but the ${scope} has ${counted}`, { column: record.columns[1], value: written });
  }
}
