import { BANK_CSV_PROFILES, ingDetailsOf, type BankCsvProfile } from "./bank-csv-profiles";
import type { CsvFile } from "./support/csv";
import { isoDateOf } from "./support/dates";
import { oneRecordPerRow, readHeaderCsv, type HeaderCsvFormat } from "./support/header-csv";
import { namesOfLine, type HeaderSearch } from "./support/header-search";
import type { LocatedErrors } from "./support/located-errors";
import { formatMinor, minorDigits, type DecimalFormat } from "./support/money";
import { CsvRowReader, HelperColumns } from "./support/row-values";
import type { FormatAdapter } from "./types";

export { BANK_CSV_PROFILES, type BankCsvProfile } from "./bank-csv-profiles";

/**
 * Bank account CSV exports, read through profiles (./bank-csv-profiles.ts):
 * each bank's download is a fixed layout, and the header says which one it
 * is. A profile names the date columns and their form, how the amount is
 * signed (one signed column, separate debit and credit columns, or an
 * unsigned amount and a sign column), how numbers are written, the currency
 * (a column, or fixed when the bank's export has none) and the text columns.
 *
 * German and Dutch exports put account lines before the header (Deutsche
 * Bank: "Umsätze Girokonto;Zeitraum: …") and a balance line after the
 * records ("Kontostand;…"); the header is found among the first lines, by
 * the profile it fits and with its delimiter ("," ";" or tab), and those lines
 * are skipped, with every record keeping its physical line number
 * (support/header-search.ts: this happens as the file streams, so bank CSV
 * is read chunk by chunk like the provider CSVs, support/header-csv.ts).
 * Windows-1252, which German banks write, is decoded (support/text.ts).
 *
 * Helpers (every profile): @amount (signed, + = money in), @currency, @date
 * (booking date), @value_date, @description (the booking text), @remittance
 * (the payer's free text where payout ids hide, e.g. "… IND ID:po_… "; the
 * description where the bank has no separate column), @reference,
 * @counterparty, @counterparty_account, @account, @transaction_code,
 * @balance, @record_type ("credit" | "debit"), @profile.
 *
 * To support another bank, add a profile with its documented columns.
 */

const HELPERS = [
  "@amount",
  "@currency",
  "@date",
  "@value_date",
  "@description",
  "@remittance",
  "@reference",
  "@counterparty",
  "@counterparty_account",
  "@account",
  "@transaction_code",
  "@balance",
  "@record_type",
  "@profile",
] as const;
const BANK_DECIMAL: DecimalFormat = { decimalSeparator: ".", thousandsSeparator: "," };
/** How far down a preamble may push the header (Deutsche Bank writes 4–5 lines). */
const HEADER_SEARCH_LINES = 30;
const DELIMITERS = [",", ";", "\t"] as const;

const headerSearch: HeaderSearch<BankCsvProfile> = {
  lines: HEADER_SEARCH_LINES,
  find(line) {
    for (const delimiter of DELIMITERS) {
      const names = namesOfLine(line, delimiter);
      const profile = BANK_CSV_PROFILES.find((candidate) => candidate.columns.every((name) => names.includes(name)));
      if (profile) return { delimiter, found: profile };
    }
    return undefined;
  },
  trailerFirstField: (profile) => profile.trailerFirstField,
  notFound: `the header fits no bank CSV profile; expected one of: ${BANK_CSV_PROFILES.map((candidate) => `${candidate.id} (${candidate.columns.join(", ")})`).join("; ")}`,
};

export const bankCsvFormat: HeaderCsvFormat<BankCsvProfile, BankCsvProfile> = {
  // The delimiter is the one the header is found with.
  csv: { delimiter: ",", required: [], allowTrailingEmptyFields: true },
  headerSearch,
  helpers: HELPERS,
  begin: (_header, _line, _errors, _hint, profile) => profile!,
  rows: (file, errors, profile) => oneRecordPerRow(file, readWithProfile(file, profile, errors)),
};

export const bankCsv: FormatAdapter = {
  name: "bank_csv",
  title: "Bank account CSV (profiles)",
  description: `A bank account's CSV download, read with the profile its header fits: ${BANK_CSV_PROFILES.map((profile) => profile.id).join(", ")}.`,
  // Auto-recognition uses the banks' own headers (Chase first); the generic layouts are read when bank_csv is named.
  signature: {
    columns: [...BANK_CSV_PROFILES[0]!.columns],
    alternativeColumns: BANK_CSV_PROFILES.slice(1)
      .filter((profile) => profile.recognizedAtUpload)
      .map((profile) => [...profile.columns]),
  },
  read: (bytes, options) => readHeaderCsv(bankCsvFormat, bytes, options),
};

function readWithProfile(file: CsvFile, profile: BankCsvProfile, errors: LocatedErrors): Array<Array<string | null>> {
  const rows = new CsvRowReader(file, errors);
  const helpers = new HelperColumns(HELPERS, file.rowCount);
  const decimal = profile.decimal ?? BANK_DECIMAL;
  const optionalText = (row: number, name: string | undefined) => (name === undefined ? null : rows.text(row, name));
  for (let row = 0; row < file.rowCount; row++) {
    helpers.set(row, "@profile", profile.id);
    helpers.set(row, "@date", rows.date(row, profile.date.column, profile.date.shape));
    if (profile.valueDate) helpers.set(row, "@value_date", rows.date(row, profile.valueDate.column, profile.valueDate.shape, false));
    const description = rows.text(row, profile.description);
    helpers.set(row, "@description", description);
    helpers.set(row, "@remittance", profile.remittance === undefined ? description : rows.text(row, profile.remittance));
    helpers.set(row, "@reference", optionalText(row, profile.reference));
    helpers.set(row, "@counterparty", optionalText(row, profile.counterparty));
    helpers.set(row, "@counterparty_account", optionalText(row, profile.counterpartyAccount));
    helpers.set(row, "@account", optionalText(row, profile.account));
    helpers.set(row, "@transaction_code", optionalText(row, profile.transactionCode));
    if (profile.details === "ing_mededelingen") setIngDetails(rows, row, profile, helpers);
    const currency = currencyOf(rows, row, profile);
    if (currency === null) continue;
    helpers.set(row, "@currency", currency.code);
    const amount = signedAmount(rows, row, profile, currency.exponent, decimal);
    if (amount !== null) {
      helpers.set(row, "@amount", formatMinor(amount, currency.exponent));
      helpers.set(row, "@record_type", amount < 0n ? "debit" : "credit");
    }
    if (profile.balance && rows.has(profile.balance)) {
      const balance = rows.amount(row, profile.balance, currency.exponent, decimal, false);
      helpers.set(row, "@balance", balance === null ? null : formatMinor(balance, currency.exponent));
    }
  }
  return helpers.cells;
}

function setIngDetails(rows: CsvRowReader, row: number, profile: BankCsvProfile, helpers: HelperColumns<(typeof HELPERS)[number]>): void {
  const text = rows.text(row, profile.remittance!);
  if (text === null) return;
  const details = ingDetailsOf(text);
  helpers.set(row, "@remittance", details.remittance);
  helpers.set(row, "@reference", details.reference);
  // "Naam / Omschrijving" is the other party's name on a transfer, ING's own text on a fee or a collection batch: a name only with a counter-account.
  if (rows.text(row, profile.counterpartyAccount!) === null) {
    helpers.set(row, "@counterparty_account", details.counterpartyAccount);
    helpers.set(row, "@counterparty", details.counterparty);
  }
  if (details.valueDate === null) return;
  const valueDate = isoDateOf(details.valueDate, "dmy-dash");
  if (valueDate === null) rows.report(row, profile.remittance!, `"Valutadatum: ${details.valueDate}" is not a date in the dd-mm-yyyy form ING writes`, details.valueDate);
  helpers.set(row, "@value_date", valueDate);
}

function currencyOf(rows: CsvRowReader, row: number, profile: BankCsvProfile): { code: string; exponent: number } | null {
  if ("column" in profile.currency) return rows.currency(row, profile.currency.column);
  return { code: profile.currency.fixed, exponent: minorDigits(profile.currency.fixed)! };
}

/** Money in is positive. A debit column's value is money out whatever sign the bank wrote on it. */
function signedAmount(rows: CsvRowReader, row: number, profile: BankCsvProfile, exponent: number, decimal: DecimalFormat): bigint | null {
  const { amount } = profile;
  if ("signed" in amount) return rows.amount(row, amount.signed, exponent, decimal);
  if ("unsigned" in amount) {
    const value = rows.amount(row, amount.unsigned, exponent, decimal);
    const side = rows.text(row, amount.sign.column);
    if (side !== amount.sign.debit && side !== amount.sign.credit) {
      rows.report(row, amount.sign.column, `"${side ?? ""}" is neither "${amount.sign.debit}" (money out) nor "${amount.sign.credit}" (money in)`, side);
      return null;
    }
    if (value === null) return null;
    const magnitude = value < 0n ? -value : value;
    return side === amount.sign.debit ? -magnitude : magnitude;
  }
  const { debit, credit } = amount;
  const debitText = rows.text(row, debit);
  const creditText = rows.text(row, credit);
  if ((debitText === null) === (creditText === null)) {
    rows.report(row, debitText === null ? debit : credit, debitText === null ? "the row has neither a debit nor a credit amount" : "the row has both a debit and a credit amount");
    return null;
  }
  const column = debitText === null ? credit : debit;
  const value = rows.amount(row, column, exponent, decimal);
  if (value === null) return null;
  const magnitude = value < 0n ? -value : value;
  return column === debit ? -magnitude : magnitude;
}
