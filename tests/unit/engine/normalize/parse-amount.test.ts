import { describe, expect, it } from "vitest";
import { applyTransform } from "~/core/engine/normalize";
import { definitionIssues, transform } from "./factories";

function parseAmount(text: string | null, options: Record<string, unknown> = {}) {
  return applyTransform(transform({ op: "parseAmount", ...options }), text);
}

describe("parseAmount", () => {
  it("reads a plain decimal amount into minor units", () => {
    expect(parseAmount("1234.56")).toEqual({ ok: true, value: 123456 });
  });

  it("reads a leading minus as negative", () => {
    expect(parseAmount("-1234.56")).toEqual({ ok: true, value: -123456 });
  });

  it("reads parentheses as negative, with comma thousands", () => {
    expect(parseAmount("(1,234.56)", { sign: "parentheses", thousandsSeparator: "," })).toEqual({ ok: true, value: -123456 });
  });

  it("reads a trailing minus as negative", () => {
    expect(parseAmount("1,234.56-", { sign: "trailingMinus", thousandsSeparator: "," })).toEqual({ ok: true, value: -123456 });
  });

  it("reads European separators: decimal comma and dot thousands", () => {
    expect(parseAmount("1.234,56", { decimalSeparator: ",", thousandsSeparator: "." })).toEqual({ ok: true, value: 123456 });
  });

  it("reads space thousands, including the narrow no-break space French exports use", () => {
    const options = { decimalSeparator: ",", thousandsSeparator: " " };
    expect(parseAmount("1 234 567,89", options)).toEqual({ ok: true, value: 123456789 });
    expect(parseAmount("1\u202f234,56", options)).toEqual({ ok: true, value: 123456 });
  });

  it("reads Swiss apostrophe thousands", () => {
    expect(parseAmount("1'234.50", { thousandsSeparator: "'" })).toEqual({ ok: true, value: 123450 });
  });

  it("accepts Indian lakh grouping", () => {
    expect(parseAmount("12,34,567.00", { thousandsSeparator: "," })).toEqual({ ok: true, value: 123456700 });
  });

  it("pads fewer fraction digits than the minor units", () => {
    expect(parseAmount("12.3")).toEqual({ ok: true, value: 1230 });
    expect(parseAmount("12")).toEqual({ ok: true, value: 1200 });
    expect(parseAmount(".5")).toEqual({ ok: true, value: 50 });
  });

  it("reads whole units at minorUnits 0", () => {
    expect(parseAmount("1,500", { minorUnits: 0, thousandsSeparator: "," })).toEqual({ ok: true, value: 1500 });
  });

  it("reads three decimals at minorUnits 3", () => {
    expect(parseAmount("12.345", { minorUnits: 3 })).toEqual({ ok: true, value: 12345 });
    expect(parseAmount("1.5", { minorUnits: 3 })).toEqual({ ok: true, value: 1500 });
  });

  it("rejects more nonzero decimals than the minor units instead of rounding", () => {
    expect(parseAmount("12.345")).toEqual({ ok: false, message: "has more than 2 decimal places" });
    expect(parseAmount("1500.5", { minorUnits: 0 })).toEqual({ ok: false, message: "has more than 0 decimal places" });
  });

  it("accepts extra trailing zeros, which lose nothing", () => {
    expect(parseAmount("1500.00", { minorUnits: 0 })).toEqual({ ok: true, value: 1500 });
    expect(parseAmount("12.3400")).toEqual({ ok: true, value: 1234 });
  });

  it("ignores currency symbols and blanks around the number", () => {
    expect(parseAmount(" $1,234.56 ", { thousandsSeparator: "," })).toEqual({ ok: true, value: 123456 });
    expect(parseAmount("-1.234,56 €", { decimalSeparator: ",", thousandsSeparator: "." })).toEqual({ ok: true, value: -123456 });
  });

  it("rejects a currency code, which needs an explicit transform", () => {
    expect(parseAmount("USD 12.00")).toEqual({ ok: false, message: 'unexpected "U" at position 1' });
  });

  it("returns null for blank text without an issue", () => {
    expect(parseAmount("   ")).toEqual({ ok: true, value: null });
    expect(parseAmount(null)).toEqual({ ok: true, value: null });
  });

  it("turns negative zero into zero", () => {
    const result = parseAmount("-0.00");
    expect(result.ok && Object.is(result.value, 0)).toBe(true);
  });

  it("rejects a comma decimal read with comma thousands", () => {
    expect(parseAmount("1,5", { thousandsSeparator: "," })).toEqual({ ok: false, message: "a thousands separator must be followed by 3 digits" });
  });

  it("rejects a doubled thousands separator", () => {
    expect(parseAmount("1,,234", { thousandsSeparator: "," })).toEqual({ ok: false, message: "misplaced thousands separator at position 3" });
  });

  it("rejects parentheses when negatives are written with a minus", () => {
    expect(parseAmount("(12.00)")).toEqual({ ok: false, message: 'unexpected "(" at position 1; negatives in parentheses need sign "parentheses"' });
  });

  it("rejects an unclosed parenthesis", () => {
    expect(parseAmount("(12.00", { sign: "parentheses" })).toEqual({ ok: false, message: "opens a parenthesis but does not close it" });
  });

  it("rejects an amount marked negative twice", () => {
    expect(parseAmount("(-12.00)", { sign: "parentheses" })).toEqual({ ok: false, message: "is marked negative twice" });
  });

  it("rejects text without digits", () => {
    expect(parseAmount("abc")).toEqual({ ok: false, message: 'unexpected "a" at position 1' });
    expect(parseAmount("-")).toEqual({ ok: false, message: "has no digits" });
  });

  it("rejects scientific notation", () => {
    expect(parseAmount("1e5")).toEqual({ ok: false, message: 'unexpected "e" at position 2' });
  });

  it("rejects amounts beyond the safe integer range instead of rounding them", () => {
    expect(parseAmount("90071992547409.91")).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
    expect(parseAmount("90071992547409.92")).toEqual({ ok: false, message: "is too large to hold exactly" });
  });

  it("refuses identical decimal and thousands separators as a definition problem", () => {
    expect(definitionIssues(() => parseAmount("1,00", { decimalSeparator: ",", thousandsSeparator: "," }))).toEqual([
      { pointer: "/thousandsSeparator", message: 'must differ from the decimal separator ","' },
    ]);
  });
});
