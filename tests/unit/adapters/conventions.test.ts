import { describe, expect, it } from "vitest";
import { AdapterError, FORMAT_ADAPTERS, getAdapter } from "~/core/adapters";
import { compileAmountParser } from "~/core/engine/normalize";
import { currencyExponent } from "~/core/values/currency";
import { column, fixtureBytes, readWith } from "./support";

const FIXTURES: Array<[adapter: string, file: string]> = [
  ["stripe_payout_itemized", "stripe_payout_itemized.csv"],
  ["stripe_balance_history", "stripe_balance_history.csv"],
  ["stripe_payouts", "stripe_payouts.csv"],
  ["shopify_orders", "shopify_orders_export.csv"],
  ["paypal_stl", "STL-20260302.01.009.CSV"],
  ["amazon_settlement_v2", "amazon_settlement_v2_us.txt"],
  ["amazon_settlement_v2", "amazon_settlement_v2_de.txt"],
  ["adyen_settlement_details", "adyen_settlement_detail_report_batch_42.csv"],
  ["bank_csv", "bank_chase.csv"],
  ["bank_csv", "bank_debit_credit.csv"],
  ["camt052", "camt/camt052-intraday.v13.xml"],
  ["camt053", "camt053.xml"],
  ["camt053", "camt/camt053-prefixed.v02.xml"],
  ["camt053", "camt/camt053-envelope.v04.xml"],
  ["camt054", "camt/camt054-batch.v08.xml"],
  ["mt940", "mt940.sta"],
  ["mt942", "mt942/interim.sta"],
  ["bai2", "bai2.txt"],
];

describe("every adapter's output", () => {
  it("has a fixture for every registered adapter", () => {
    expect(new Set(FIXTURES.map(([adapter]) => adapter))).toEqual(new Set(FORMAT_ADAPTERS.map((adapter) => adapter.name)));
  });

  it("writes @amount so that parseAmount with the currency's minor units reads it, and @date as an ISO day", () => {
    for (const [adapter, file] of FIXTURES) {
      const table = readWith(adapter, fixtureBytes(file), file);
      expect({ file, unique: new Set(table.columns).size }).toEqual({ file, unique: table.columns.length });
      const amounts = column(table, "@amount");
      const currencies = column(table, "@currency");
      const dates = column(table, "@date");
      for (let row = 0; row < table.rowCount; row++) {
        const amount = amounts[row];
        const currency = currencies[row];
        expect({ file, row, currency: /^[A-Z]{3}$/.test(currency ?? "") }).toEqual({ file, row, currency: true });
        expect({ file, row, date: /^\d{4}-\d{2}-\d{2}$/.test(dates[row] ?? "") }).toEqual({ file, row, date: true });
        if (amount === null || amount === undefined) continue;
        const exponent = currencyExponent(currency!)!;
        const shape = exponent === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${exponent}}$`);
        expect({ file, row, amount, shaped: shape.test(amount) }).toEqual({ file, row, amount, shaped: true });
        const parse = compileAmountParser({ decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: exponent });
        const minor = parse(amount);
        expect({ file, row, minor }).toEqual({ file, row, minor: Number(amount.replace(".", "")) });
      }
    }
  });

  it("refuses an empty file with a located error", () => {
    for (const adapter of FORMAT_ADAPTERS) {
      let thrown: unknown;
      try {
        adapter.read(new Uint8Array(0), { sourceId: "file_test", fileName: "empty" });
      } catch (error) {
        thrown = error;
      }
      expect({ adapter: adapter.name, isAdapterError: thrown instanceof AdapterError }).toEqual({ adapter: adapter.name, isAdapterError: true });
      expect((thrown as AdapterError).errors[0]).toMatchObject({ file: "empty", line: 1 });
    }
  });

  it("either reads or reports located errors for a file cut short anywhere, never crashing", () => {
    for (const [name, file] of FIXTURES) {
      const bytes = fixtureBytes(file);
      const adapter = getAdapter(name)!;
      for (const share of [0.1, 0.25, 0.5, 0.66, 0.9]) {
        const cut = bytes.subarray(0, Math.floor(bytes.length * share));
        try {
          const table = adapter.read(cut, { sourceId: "file_test", fileName: file });
          expect(table.cells.every((cells) => cells.length === table.rowCount)).toBe(true);
        } catch (error) {
          expect({ file, share, isAdapterError: error instanceof AdapterError }).toEqual({ file, share, isAdapterError: true });
          for (const located of (error as AdapterError).errors) expect(located.line).toBeGreaterThanOrEqual(1);
        }
      }
    }
  });
});
