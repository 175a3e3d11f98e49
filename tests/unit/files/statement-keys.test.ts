import { describe, expect, it } from "vitest";
import { getAdapter } from "~/core/adapters";
import type { RawTable } from "~/core/engine/types";
import { statementKeysOf } from "~/modules/files/statement-keys";
import { fixtureBytes } from "../adapters/support";

function tableOf(columns: string[], rows: Array<Array<string | null>>): RawTable {
  return {
    columns,
    cells: columns.map((_, index) => rows.map((row) => row[index] ?? null)),
    rowCount: rows.length,
    provenance: { sourceIds: ["file_test"], sourceIndex: new Uint32Array(rows.length), line: Uint32Array.from(rows.map((_, row) => row + 2)) },
  };
}

describe("the statements a file holds", () => {
  it("keys an MT940 file by account, statement number and opening balance, one key per statement", () => {
    const table = getAdapter("mt940")!.read(fixtureBytes("mt940.sta"), { sourceId: "file_test", fileName: "mt940.sta" });
    const keys = statementKeysOf(table);
    const numbers = table.cells[table.columns.indexOf("@statement_id")]!;
    const openings = table.cells[table.columns.indexOf("@opening_balance")]!;
    const expected = [...new Set(numbers.map((number, row) => `NL91ABNA0417164300|${number}|${openings[row]}`))].sort();
    expect(keys).toEqual(expected);
    expect(keys.length).toBeGreaterThan(1);
  });

  it("keys a camt.053 file by account, Stmt/Id and opening balance", () => {
    const table = getAdapter("camt053")!.read(fixtureBytes("camt053.xml"), { sourceId: "file_test", fileName: "camt053.xml" });
    expect(statementKeysOf(table)).toEqual(["NL91ABNA0417164300|NL91ABNA0417164300-2026-04-06|10000.00"]);
  });

  it("prefers @statement_id and adds @opening_balance where an adapter writes them", () => {
    const table = tableOf(["@account", ":28C:", "@statement_id", "@opening_balance"], [
      ["DE89", "1/1", "STMT-7", "100.00"],
      ["DE89", "1/1", "STMT-7", "100.00"],
      ["DE89", "1/1", "STMT-8", "250.10"],
    ]);
    expect(statementKeysOf(table)).toEqual(["DE89|STMT-7|100.00", "DE89|STMT-8|250.10"]);
  });

  it("finds no statements in a provider report or in rows without an account or an id", () => {
    const stripe = getAdapter("stripe_payouts")!.read(fixtureBytes("stripe_payouts.csv"), { sourceId: "file_test", fileName: "stripe_payouts.csv" });
    expect(statementKeysOf(stripe)).toEqual([]);
    expect(statementKeysOf(tableOf(["@account", ":28C:"], [[null, "1/1"], ["DE89", null]]))).toEqual([]);
  });
});
