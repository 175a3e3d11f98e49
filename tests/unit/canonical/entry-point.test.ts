import { describe, expect, it } from "vitest";
import { AdapterError, FORMAT_ADAPTERS } from "~/core/adapters";
import { ADAPTER_PROJECTIONS, CANONICAL_SCHEMAS, canonicalColumnsOf, canonicalSchemaOfAdapter, canonicalValuesOf, withCanonicalColumns } from "~/core/canonical";
import { readFixture } from "./support";

const BAI2_CUSTOM_CODE_ERRORS = [
  { file: "bai2.txt", line: 10, field: "$amount", message: "the record has no amount, which a bank_statement_line requires (bai2 reads it from @amount)" },
  { file: "bai2.txt", line: 10, field: "$direction", message: "the record has no direction, which a bank_statement_line requires (bai2 reads it from @record_type (credit or debit), else the sign of @amount)" },
];

describe("canonical projections", () => {
  it("map every format adapter to a schema, and only to fields of that schema", () => {
    expect(FORMAT_ADAPTERS.map((adapter) => [adapter.name, canonicalSchemaOfAdapter(adapter.name)])).toEqual([
      ["stripe_payout_itemized", "psp_settlement_line"],
      ["stripe_balance_history", "psp_settlement_line"],
      ["stripe_payouts", "payout"],
      ["shopify_orders", "order"],
      ["paypal_stl", "psp_settlement_line"],
      ["amazon_settlement_v2", "psp_settlement_line"],
      ["adyen_settlement_details", "psp_settlement_line"],
      ["bank_csv", "bank_statement_line"],
      ["camt052", "bank_statement_line"],
      ["camt053", "bank_statement_line"],
      ["camt054", "bank_statement_line"],
      ["mt940", "bank_statement_line"],
      ["mt942", "bank_statement_line"],
      ["bai2", "bank_statement_line"],
    ]);
    for (const projection of ADAPTER_PROJECTIONS.values()) {
      const schemaFields = CANONICAL_SCHEMAS[projection.schema].fields;
      expect(Object.keys(projection.fields).filter((field) => !(field in schemaFields))).toEqual([]);
      const required = Object.keys(schemaFields).filter((field) => schemaFields[field]!.required);
      expect(required.filter((field) => projection.fields[field] === undefined)).toEqual([]);
    }
  });

  it("know no schema for a name that is not an adapter", () => {
    expect(canonicalSchemaOfAdapter("plain_csv")).toBeUndefined();
  });
});

describe("withCanonicalColumns", () => {
  it("appends the schema's $ columns after the source and @ columns, keeping them in order", () => {
    const source = readFixture("stripe_payouts", "stripe_payouts.csv");
    const table = withCanonicalColumns("stripe_payouts", source, { fileName: "stripe_payouts.csv" });
    expect(table.columns).toEqual([...source.columns, ...canonicalColumnsOf("payout")]);
    expect(table.cells.slice(0, source.columns.length)).toEqual(source.cells);
    expect(table.provenance).toBe(source.provenance);
  });

  it("refuses a record that lacks a required field, at its line, naming the field and where it is read from", () => {
    const source = readFixture("bai2", "bai2.txt");
    let caught: unknown;
    try {
      withCanonicalColumns("bai2", source, { fileName: "bai2.txt" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AdapterError);
    expect((caught as AdapterError).errors).toEqual(BAI2_CUSTOM_CODE_ERRORS);
  });

  it("under the lenient policy leaves the field empty and warns where it is", () => {
    const table = withCanonicalColumns("bai2", readFixture("bai2", "bai2.txt"), { fileName: "bai2.txt", policy: "lenient" });
    expect(table.warnings).toEqual(BAI2_CUSTOM_CODE_ERRORS);
    expect(table.cells[table.columns.indexOf("$amount")]).toEqual(["1144.88", "2225.00", "-125.00", "-2125.00", null]);
  });

  it("gives a table back unchanged for a name without a canonical schema", () => {
    const source = readFixture("stripe_payouts", "stripe_payouts.csv");
    expect(withCanonicalColumns("plain_csv", source, { fileName: "x.csv" })).toBe(source);
  });
});

describe("canonicalValuesOf", () => {
  it("gives a streamed record the same $ values as the whole table's row", () => {
    const source = readFixture("mt940", "mt940.sta");
    const table = withCanonicalColumns("mt940", source, { fileName: "mt940.sta" });
    for (let row = 0; row < source.rowCount; row++) {
      const values = Object.fromEntries(source.columns.map((name, index) => [name, source.cells[index]![row]!]));
      const expected = Object.fromEntries(table.columns.map((name, index) => [name, table.cells[index]![row]!]));
      expect(canonicalValuesOf("mt940", values)).toEqual(expected);
    }
  });

  it("leaves a missing required field empty for a preview, and throws it located when given the record's place", () => {
    const record = { "@amount": null, "@currency": "USD", "@date": "2026-03-05", "@record_type": "other" };
    expect(canonicalValuesOf("bai2", record)).toMatchObject({ $amount: null, $direction: null, $currency: "USD" });
    expect(() => canonicalValuesOf("bai2", record, { fileName: "bai2.txt", line: 10 })).toThrow(AdapterError);
    try {
      canonicalValuesOf("bai2", record, { fileName: "bai2.txt", line: 10 });
    } catch (error) {
      expect((error as AdapterError).errors).toEqual(BAI2_CUSTOM_CODE_ERRORS);
    }
  });
});
