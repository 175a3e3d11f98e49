import { describe, expect, it } from "vitest";
import { fixtureText, lines, readWith } from "./support";

/** Issue #17 part 3: a line of only delimiters or whitespace is a blank line in adapters' CSV reading too. */
describe("delimiter-only lines in adapter files", () => {
  it("are no record at the end of a bank CSV (no phantom row, no ragged-row error)", () => {
    const original = readWith("bank_csv", fixtureText("bank_debit_credit.csv"), "bank.csv");
    const padded = readWith("bank_csv", `${fixtureText("bank_debit_credit.csv")},,,,,,\n  ,  ,\n`, "bank.csv");
    expect([padded.rowCount, lines(padded)]).toEqual([original.rowCount, lines(original)]);
  });

  it("are skipped between the sections of a PayPal STL file", () => {
    const text = fixtureText("STL-20260302.01.009.CSV");
    const original = readWith("paypal_stl", text, "STL.CSV");
    const firstBreak = text.indexOf("\n") + 1;
    const padded = readWith("paypal_stl", `${text.slice(0, firstBreak)},,,,\n${text.slice(firstBreak)}`, "STL.CSV");
    expect([padded.rowCount, lines(padded)]).toEqual([original.rowCount, lines(original).map((line) => line + 1)]);
  });
});
