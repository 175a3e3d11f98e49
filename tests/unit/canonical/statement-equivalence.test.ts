import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getAdapter } from "~/core/adapters";
import { canonicalColumn, withCanonicalColumns } from "~/core/canonical";

/**
 * Issue #19: one logical statement (8 lines over four booking days: credits,
 * debits, a SEPA collection booked as one batch line, end-to-end references,
 * counterparties, value dates before and after the booking date), written as
 * each bank format writes it (tests/fixtures/canonical/), gives the same
 * canonical lines whatever the format.
 */

const FIXTURES = path.resolve("tests/fixtures/canonical");

const FORMATS = [
  { format: "camt.053", adapter: "camt053", file: "statement.camt053.xml" },
  { format: "MT940", adapter: "mt940", file: "statement.mt940.sta" },
  { format: "BAI2", adapter: "bai2", file: "statement.bai2.txt" },
  { format: "Sparkasse CSV-CAMT", adapter: "bank_csv", file: "statement.sparkasse.csv" },
  { format: "Deutsche Bank CSV", adapter: "bank_csv", file: "statement.deutsche-bank.csv" },
  { format: "ING CSV", adapter: "bank_csv", file: "statement.ing.csv" },
] as const;

type Format = (typeof FORMATS)[number]["format"];

function canonicalLines(adapterName: string, file: string, fields: readonly string[]): Array<Record<string, string | null>> {
  const adapter = getAdapter(adapterName)!;
  const table = withCanonicalColumns(adapterName, adapter.read(readFileSync(path.join(FIXTURES, file)), { sourceId: "file_test", fileName: file }), { fileName: file });
  return Array.from({ length: table.rowCount }, (_, row) => Object.fromEntries(fields.map((field) => [field, table.cells[table.columns.indexOf(canonicalColumn(field))]![row]!])));
}

const STATEMENT = [
  { amount: "1140.71", booking_date: "2026-04-01", value_date: "2026-04-01", direction: "credit", reference: "E2E-PO-4471", remittance: "STRIPE PAYOUT po_1RkZ9yX8wV7uT6sR", counterparty_name: "Stripe Technology Europe Ltd", counterparty_account: "IE29AIBK93115212345678", bank_reference: "BR-0401-001" },
  { amount: "-250.00", booking_date: "2026-04-01", value_date: "2026-04-01", direction: "debit", reference: null, remittance: "ACCOUNT FEE APRIL", counterparty_name: null, counterparty_account: null, bank_reference: "BR-0401-002" },
  { amount: "3450.00", booking_date: "2026-04-02", value_date: "2026-04-02", direction: "credit", reference: null, remittance: "SEPA COLLECTION 3 TXS", counterparty_name: null, counterparty_account: null, bank_reference: "BR-0402-001" },
  { amount: "-1234.56", booking_date: "2026-04-02", value_date: "2026-04-03", direction: "debit", reference: "INV-2026-0042", remittance: "INVOICE 2026-0042", counterparty_name: "Bergsport Versand GmbH", counterparty_account: "DE02120300000000202051", bank_reference: "BR-0402-002" },
  { amount: "89.90", booking_date: "2026-04-03", value_date: "2026-04-03", direction: "credit", reference: "ORDER-88120", remittance: "ORDER 88120", counterparty_name: "Lena Kowalski", counterparty_account: "DE44500105175407324931", bank_reference: "BR-0403-001" },
  { amount: "-35.50", booking_date: "2026-04-03", value_date: "2026-04-02", direction: "debit", reference: "LBL-19", remittance: "LABEL INVOICE 19", counterparty_name: "Paketdienst Sued AG", counterparty_account: "AT611904300234573201", bank_reference: "BR-0403-002" },
  { amount: "12000.00", booking_date: "2026-04-06", value_date: "2026-04-06", direction: "credit", reference: "E2E-FF-0406", remittance: "PREPAYMENT PO 7781", counterparty_name: "Fjell og Fjord AS", counterparty_account: "NO9386011117947", bank_reference: "BR-0406-001" },
  { amount: "-19.75", booking_date: "2026-04-06", value_date: "2026-04-06", direction: "debit", reference: null, remittance: "CHARGES MARCH", counterparty_name: null, counterparty_account: null, bank_reference: "BR-0406-002" },
].map((line) => ({ ...line, currency: "EUR" }));

/**
 * What each format cannot carry (docs/template-authoring.md, "Canonical
 * record schemas"): BAI2 has no counterparty; bank CSV downloads have no
 * bank reference, and Deutsche Bank's rows do not repeat the account.
 */
const FORMAT_LIMITED: Readonly<Record<Format, readonly string[]>> = {
  "camt.053": [],
  MT940: [],
  BAI2: ["counterparty_name", "counterparty_account"],
  "Sparkasse CSV-CAMT": ["bank_reference"],
  "Deutsche Bank CSV": ["bank_reference", "account"],
  "ING CSV": ["bank_reference"],
};

const COMPARED = ["amount", "currency", "booking_date", "value_date", "direction", "reference", "remittance", "counterparty_name", "counterparty_account", "bank_reference", "account"] as const;

describe("one statement in every bank format", () => {
  for (const { format, adapter, file } of FORMATS) {
    it(`${format} gives the statement's canonical lines, row for row`, () => {
      const limited = FORMAT_LIMITED[format];
      const carried = COMPARED.filter((field) => !limited.includes(field));
      const expected = STATEMENT.map((line) => Object.fromEntries(carried.map((field) => [field, field === "account" ? "DE89370400440532013000" : line[field as keyof typeof line]])));
      expect(canonicalLines(adapter, file, carried)).toEqual(expected);
    });
  }

  it("leaves a format-limited field empty rather than guessing it", () => {
    for (const { format, adapter, file } of FORMATS) {
      const limited = FORMAT_LIMITED[format];
      if (limited.length === 0) continue;
      for (const line of canonicalLines(adapter, file, limited)) expect(Object.values(line).every((value) => value === null)).toBe(true);
    }
  });

  it("gives identical lines from all six files on the fields they all carry", () => {
    const common = COMPARED.filter((field) => FORMATS.every(({ format }) => !FORMAT_LIMITED[format].includes(field)));
    expect(common).toEqual(["amount", "currency", "booking_date", "value_date", "direction", "reference", "remittance"]);
    const [first, ...others] = FORMATS.map(({ adapter, file }) => canonicalLines(adapter, file, common));
    for (const lines of others) expect(lines).toEqual(first);
  });
});
