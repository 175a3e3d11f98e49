import { describe, expect, it } from "vitest";
import { escapeFormula } from "~/modules/exceptions/formula-escape";

describe("formula escaping for CSV and XLSX exports", () => {
  it("prefixes text that starts with an ASCII formula character", () => {
    expect(["=1+1", "+1", "-1", "@A1"].map(escapeFormula)).toEqual(["'=1+1", "'+1", "'-1", "'@A1"]);
  });

  it("prefixes text that starts with tab, CR or LF, whatever follows", () => {
    expect(["\tx", "\rx", "\nx", "\r\n=1"].map(escapeFormula)).toEqual(["'\tx", "'\rx", "'\nx", "'\r\n=1"]);
  });

  it("prefixes a formula hidden behind leading spaces or line breaks", () => {
    expect([" =HYPERLINK(\"http://x\")", "   +1", "\u00a0-1", "\u3000@SUM(A1)", " \n=1"].map(escapeFormula)).toEqual([
      "' =HYPERLINK(\"http://x\")",
      "'   +1",
      "'\u00a0-1",
      "'\u3000@SUM(A1)",
      "' \n=1",
    ]);
  });

  it("prefixes fullwidth formula characters, bare or after spaces", () => {
    expect(["＝1+1", "＋1", "－1", "＠A1", " ＝cmd|' /C calc'!A0"].map(escapeFormula)).toEqual([
      "'＝1+1",
      "'＋1",
      "'－1",
      "'＠A1",
      "' ＝cmd|' /C calc'!A0",
    ]);
  });

  it("leaves other text alone, including formula characters after the start", () => {
    expect(["plain", "1-2", "", "   ", " plain", "a=b", "ORD-1001"].map(escapeFormula)).toEqual(["plain", "1-2", "", "   ", " plain", "a=b", "ORD-1001"]);
  });
});
