import { describe, expect, it } from "vitest";
import { applyColumnMapping, type ColumnMapping } from "~/core/canonical";
import { notationOf } from "~/core/canonical/number-notation";
import type { RawTable } from "~/core/values/tables";

function table(columns: string[], rows: string[][]): RawTable {
  return {
    columns,
    cells: columns.map((_, index) => rows.map((row) => row[index] ?? null)),
    rowCount: rows.length,
    provenance: { sourceIds: ["gl.csv"], sourceIndex: new Uint32Array(rows.length), line: Uint32Array.from(rows.map((_, index) => index + 2)) },
  };
}

const gl: ColumnMapping = {
  schema: "ledger_entry",
  signature: { columns: ["Posting Date", "Amount (EUR)"] },
  fields: { posting_date: { column: "Posting Date", format: "dd.MM.yyyy" }, amount: { column: "Amount (EUR)", decimalSeparator: "auto" }, currency: { fixed: "EUR" } },
};

describe("decimal notation decided per file", () => {
  it("reads German settings and English settings of the same export exactly", () => {
    const german = applyColumnMapping(table(["Posting Date", "Amount (EUR)"], [["05.01.2026", "12.500,00"], ["06.01.2026", "-3.200,5"], ["07.01.2026", "1.250"]]), gl, { fileName: "gl.csv" });
    const english = applyColumnMapping(table(["Posting Date", "Amount (EUR)"], [["05.01.2026", "12,500.00"], ["06.01.2026", "-3200.50"], ["07.01.2026", "1,250"]]), gl, { fileName: "gl.csv" });
    const amounts = (result: RawTable) => result.cells[result.columns.indexOf("$amount")];
    expect(amounts(german)).toEqual(["12500.00", "-3200.50", "1250.00"]);
    expect(amounts(english)).toEqual(amounts(german));
  });

  it("takes four-decimal unit prices as decimals, and three-digit tails alone as grouping", () => {
    expect(notationOf(["12.3456", "7"], undefined)).toEqual({ format: { decimalSeparator: ".", thousandsSeparator: "" } });
    expect(notationOf(["12,3456"], undefined)).toEqual({ format: { decimalSeparator: ",", thousandsSeparator: "." } });
    expect(notationOf(["1.250", "2.500"], undefined)).toEqual({ format: { decimalSeparator: ",", thousandsSeparator: "." } });
    expect(notationOf(["1,250"], undefined)).toEqual({ format: { decimalSeparator: ".", thousandsSeparator: "," } });
    expect(notationOf(["1.234.567"], undefined)).toEqual({ format: { decimalSeparator: ",", thousandsSeparator: "." } });
  });

  it("refuses a column written both ways, located at the file, line and field", () => {
    const mixed = table(["Posting Date", "Amount (EUR)"], [["05.01.2026", "12.500,00"], ["06.01.2026", "99.95"]]);
    expect(() => applyColumnMapping(mixed, gl, { fileName: "gl.csv" })).toThrow(/gl\.csv: line 2, column 2 \(\$amount\): its values are written with both/);
  });
});
