import { describe, expect, it } from "vitest";
import { minorAsSafeNumber, minorToMajorText, parseMoneyEntry } from "~/core/values/money-entry";

const minor = (text: string, currency: string, allowNegative = false) => {
  const entry = parseMoneyEntry(text, currency, { allowNegative });
  return entry.ok ? entry.minor : entry.problem;
};

describe("parseMoneyEntry: major units as people type them, exact minor units out", () => {
  it.each([
    ["1000", "USD", 100000n],
    ["$1,000.00", "USD", 100000n],
    ["1,000", "USD", 100000n],
    ["1 000,50", "EUR", 100050n],
    ["1.000,50 €", "EUR", 100050n],
    ["12,5", "EUR", 1250n],
    ["0.29", "USD", 29n],
    ["0.1", "USD", 10n],
    ["USD 2,007.07", "USD", 200707n],
    ["2007.07 USD", "USD", 200707n],
    ["¥1,500", "JPY", 1500n],
    ["1.234", "KWD", 1234n],
    ["1'234.5", "CHF", 123450n],
    [".5", "USD", 50n],
    ["90071992547409.93", "USD", 9007199254740993n],
  ])("%s %s → %s", (text, currency, expected) => {
    expect(minor(text, currency)).toBe(expected);
  });

  it("never goes through a float: digits beyond 2^53 survive", () => {
    expect(minor("123456789012345678.99", "USD")).toBe(12345678901234567899n);
  });

  it("refuses more decimals than the currency has, naming the currency", () => {
    expect(minor("1.005", "USD")).toBe("USD has 2 decimal places");
    expect(minor("10.5", "JPY")).toBe("JPY has no minor units");
  });

  it("refuses text that is not an amount, and misplaced grouping", () => {
    expect(minor("", "USD")).toBe("Enter an amount");
    expect(minor("ten", "USD")).toBe("Enter an amount such as 1,000.00");
    expect(minor("1,00", "USD")).toBe(100n); // a lone comma before two digits is the decimal mark
    expect(minor("1,00,000", "USD")).toBe("Enter an amount such as 1,000.00");
    expect(minor("1.2.3", "USD")).toBe("Enter an amount such as 1,000.00");
    expect(minor("12345,678.00", "USD")).toBe("Enter an amount such as 1,000.00");
  });

  it("refuses negatives unless asked, and unknown currencies", () => {
    expect(minor("-5", "USD")).toBe("Enter an amount of zero or more");
    expect(minor("-5.25", "USD", true)).toBe(-525n);
    expect(minor("5", "XYZ")).toBe("XYZ is not an ISO 4217 currency code");
  });
});

describe("minorToMajorText and minorAsSafeNumber", () => {
  it("writes minor units back as the plain text an input starts from", () => {
    expect(minorToMajorText(100000, "USD")).toBe("1000.00");
    expect(minorToMajorText(5, "USD")).toBe("0.05");
    expect(minorToMajorText(-5, "USD")).toBe("-0.05");
    expect(minorToMajorText(1500, "JPY")).toBe("1500");
    expect(minorToMajorText("1234", "KWD")).toBe("1.234");
  });

  it("round-trips through parseMoneyEntry", () => {
    for (const [value, currency] of [[0, "USD"], [1, "EUR"], [99999, "JPY"], [1001, "BHD"]] as const) {
      expect(minor(minorToMajorText(value, currency), currency)).toBe(BigInt(value));
    }
  });

  it("gives a number only when it is exact", () => {
    expect(minorAsSafeNumber(100000n)).toBe(100000);
    expect(minorAsSafeNumber(9007199254740993n)).toBeNull();
  });
});
