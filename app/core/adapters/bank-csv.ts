import type { CsvFile } from "./support/csv";
import type { DateShape } from "./support/dates";
import { oneRecordPerRow, readHeaderCsv, type HeaderCsvFormat } from "./support/header-csv";
import type { LocatedErrors } from "./support/located-errors";
import { formatMinor, minorDigits } from "./support/money";
import { CsvRowReader, HelperColumns } from "./support/row-values";
import type { FormatAdapter } from "./types";

/**
 * Bank account CSV exports, read through profiles: each bank's download is a
 * fixed layout, and the header says which one it is. A profile names the
 * date column and its form, how the amount is signed (one signed column, or
 * separate debit and credit columns), the currency (a column, or fixed when
 * the bank's export has none) and the text columns.
 *
 * Helpers (every profile): @amount (signed, + = money in), @currency, @date
 * (posting date), @description, @remittance (the free text where payout ids
 * hide, e.g. "… IND ID:po_… "), @reference, @balance, @record_type
 * ("credit" | "debit"), @profile.
 *
 * To support another bank, add a profile below with its documented columns.
 */
interface BankCsvProfile {
  id: string;
  title: string;
  /** All must be in the header; the first profile that fits is used, so more specific ones come first. */
  columns: readonly string[];
  date: { column: string; shape: DateShape };
  amount: { signed: string } | { debit: string; credit: string };
  currency: { column: string } | { fixed: string };
  description: string;
  reference?: string;
  balance?: string;
}

export const BANK_CSV_PROFILES: readonly BankCsvProfile[] = [
  {
    // Chase "Download account activity" CSV (checking), as the generator writes it: newest rows
    // first in Chase's own download, dates MM/DD/YYYY, one signed Amount, no currency column (USD accounts).
    id: "chase",
    title: "Chase checking account activity",
    columns: ["Details", "Posting Date", "Description", "Amount", "Type", "Balance", "Check or Slip #"],
    date: { column: "Posting Date", shape: "mdy-slash" },
    amount: { signed: "Amount" },
    currency: { fixed: "USD" },
    description: "Description",
    reference: "Check or Slip #",
    balance: "Balance",
  },
  {
    // Separate debit and credit columns, ISO dates: the common layout of treasury and EU bank exports.
    id: "debit_credit",
    title: "Date, Description, Debit, Credit, Currency (ISO dates)",
    columns: ["Date", "Description", "Debit", "Credit", "Currency"],
    date: { column: "Date", shape: "ymd" },
    amount: { debit: "Debit", credit: "Credit" },
    currency: { column: "Currency" },
    description: "Description",
    reference: "Reference",
    balance: "Balance",
  },
  {
    id: "signed_amount",
    title: "Date, Description, Amount, Currency (ISO dates, signed amount)",
    columns: ["Date", "Description", "Amount", "Currency"],
    date: { column: "Date", shape: "ymd" },
    amount: { signed: "Amount" },
    currency: { column: "Currency" },
    description: "Description",
    reference: "Reference",
    balance: "Balance",
  },
];

const HELPERS = ["@amount", "@currency", "@date", "@description", "@remittance", "@reference", "@balance", "@record_type", "@profile"] as const;
const BANK_DECIMAL = { decimalSeparator: ".", thousandsSeparator: "," } as const;

export const bankCsvFormat: HeaderCsvFormat<BankCsvProfile> = {
  csv: { delimiter: ",", required: [], allowTrailingEmptyFields: true },
  helpers: HELPERS,
  begin(header, headerLine, errors) {
    const profile = BANK_CSV_PROFILES.find((candidate) => candidate.columns.every((name) => header.includes(name)));
    if (profile) return profile;
    const expected = BANK_CSV_PROFILES.map((candidate) => `${candidate.id} (${candidate.columns.join(", ")})`).join("; ");
    return errors.fail(headerLine, `the header fits no bank CSV profile; expected one of: ${expected}`);
  },
  rows: (file, errors, profile) => oneRecordPerRow(file, readWithProfile(file, profile, errors)),
};

export const bankCsv: FormatAdapter = {
  name: "bank_csv",
  title: "Bank account CSV (profiles)",
  description: `A bank account's CSV download, read with the profile its header fits: ${BANK_CSV_PROFILES.map((profile) => profile.id).join(", ")}.`,
  // Auto-recognition uses the Chase profile's header; the adapter itself accepts every profile.
  signature: { columns: [...BANK_CSV_PROFILES[0]!.columns] },
  read: (bytes, options) => readHeaderCsv(bankCsvFormat, bytes, options),
};

function readWithProfile(file: CsvFile, profile: BankCsvProfile, errors: LocatedErrors): Array<Array<string | null>> {
  const rows = new CsvRowReader(file, errors);
  const helpers = new HelperColumns(HELPERS, file.rowCount);
  for (let row = 0; row < file.rowCount; row++) {
    helpers.set(row, "@profile", profile.id);
    helpers.set(row, "@date", rows.date(row, profile.date.column, profile.date.shape));
    const description = rows.text(row, profile.description);
    helpers.set(row, "@description", description);
    helpers.set(row, "@remittance", description);
    if (profile.reference) helpers.set(row, "@reference", rows.text(row, profile.reference));
    const currency = currencyOf(rows, row, profile);
    if (currency === null) continue;
    helpers.set(row, "@currency", currency.code);
    const amount = signedAmount(rows, row, profile, currency.exponent);
    if (amount !== null) {
      helpers.set(row, "@amount", formatMinor(amount, currency.exponent));
      helpers.set(row, "@record_type", amount < 0n ? "debit" : "credit");
    }
    if (profile.balance && rows.has(profile.balance)) {
      const balance = rows.amount(row, profile.balance, currency.exponent, BANK_DECIMAL, false);
      helpers.set(row, "@balance", balance === null ? null : formatMinor(balance, currency.exponent));
    }
  }
  return helpers.cells;
}

function currencyOf(rows: CsvRowReader, row: number, profile: BankCsvProfile): { code: string; exponent: number } | null {
  if ("column" in profile.currency) return rows.currency(row, profile.currency.column);
  return { code: profile.currency.fixed, exponent: minorDigits(profile.currency.fixed)! };
}

/** Money in is positive. A debit column's value is money out whatever sign the bank wrote on it. */
function signedAmount(rows: CsvRowReader, row: number, profile: BankCsvProfile, exponent: number): bigint | null {
  if ("signed" in profile.amount) return rows.amount(row, profile.amount.signed, exponent, BANK_DECIMAL);
  const { debit, credit } = profile.amount;
  const debitText = rows.text(row, debit);
  const creditText = rows.text(row, credit);
  if ((debitText === null) === (creditText === null)) {
    rows.report(row, debitText === null ? debit : credit, debitText === null ? "the row has neither a debit nor a credit amount" : "the row has both a debit and a credit amount");
    return null;
  }
  const column = debitText === null ? credit : debit;
  const value = rows.amount(row, column, exponent, BANK_DECIMAL);
  if (value === null) return null;
  const magnitude = value < 0n ? -value : value;
  return column === debit ? -magnitude : magnitude;
}
