import { describe, expect, it } from "vitest";
import { getAdapter } from "~/core/adapters";
import { formatMinor } from "~/core/adapters/support/money";
import type { RawTable } from "~/core/engine/types";
import { CURRENCY_EXPONENTS, closingBalance, randomFile, randomLayout, seededRandom, writeBai2, type Bai2File, type Entry, type Layout } from "../../support/bank-statements/bai2";

/** parse(write(x)) = x for random statements in random layouts, and every statement's balance identity holds. */

const CASES = 400;
const COMPARED = ["@amount", "@currency", "@reference", "@customer_reference", "@remittance", "Funds Type", "@value_date", "@account", "@opening_balance", "@closing_balance", "@record_type"];

function isoOf(yymmdd: string): string {
  return `20${yymmdd.slice(0, 2)}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}

function expectedRows(file: Bai2File): Array<Record<string, string | null>> {
  const rows: Array<Record<string, string | null>> = [];
  for (const account of file.accounts) {
    const currency = account.currency ?? file.groupCurrency ?? "USD";
    const exponent = CURRENCY_EXPONENTS[currency]!;
    const closing = closingBalance(account);
    for (const entry of account.entries) rows.push(expectedRow(entry, account.number, currency, exponent, formatMinor(account.opening, exponent), formatMinor(closing, exponent)));
  }
  return rows;
}

function expectedRow(entry: Entry, account: string, currency: string, exponent: number, opening: string, closing: string): Record<string, string | null> {
  const credit = Number(entry.typeCode) < 400;
  return {
    "@amount": formatMinor(credit ? entry.amount : -entry.amount, exponent),
    "@currency": currency,
    "@reference": entry.bankReference || null,
    "@customer_reference": entry.customerReference || null,
    "@remittance": entry.text || null,
    "Funds Type": entry.funds.code || null,
    "@value_date": entry.funds.code === "V" ? isoOf(entry.funds.date) : null,
    "@account": account,
    "@opening_balance": opening,
    "@closing_balance": closing,
    "@record_type": credit ? "credit" : "debit",
  };
}

function actualRows(table: RawTable): Array<Record<string, string | null>> {
  return Array.from({ length: table.rowCount }, (_, row) => Object.fromEntries(COMPARED.map((name) => [name, table.cells[table.columns.indexOf(name)]![row] ?? null])));
}

describe("bai2 round trip", () => {
  it(`reads back ${CASES} random statements written in random layouts, exactly, with no integrity error`, () => {
    const random = seededRandom(20260307);
    for (let index = 0; index < CASES; index++) {
      const file = randomFile(random);
      const layout: Layout = randomLayout(random);
      const written = writeBai2(file, layout);
      let table;
      try {
        table = getAdapter("bai2")!.read(Buffer.from(written.text, "latin1"), { sourceId: "file_test", fileName: "random.bai", policy: "strict" });
      } catch (error) {
        throw new Error(`case ${index} (${JSON.stringify(layout)}):\n${written.text}\n${String(error)}`);
      }
      expect({ index, layout, rows: actualRows(table) }).toEqual({ index, layout, rows: expectedRows(file) });
      expect({ index, lines: [...table.provenance.line] }).toEqual({ index, lines: written.detailLines });
      expect({ index, warnings: table.warnings }).toEqual({ index, warnings: undefined });
    }
  });
});
