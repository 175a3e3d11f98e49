import { describe, expect, it } from "vitest";
import { isoDateOf } from "~/core/adapters/support/dates";
import { decimalToMinor, formatMinor } from "~/core/adapters/support/money";

describe("adapter money values", () => {
  it("reads decimals exactly into minor units at the currency's digits", () => {
    expect(decimalToMinor("0.29", 2)).toBe(29n);
    expect(decimalToMinor("-1234.5", 2)).toBe(-123450n);
    expect(decimalToMinor("12.300", 2)).toBe(1230n);
    expect(decimalToMinor("1200", 0)).toBe(1200n);
    expect(decimalToMinor("1.234", 3)).toBe(1234n);
    expect(decimalToMinor("1.234,56", 2, { decimalSeparator: ",", thousandsSeparator: "." })).toBe(123456n);
    expect(decimalToMinor("1,080.40", 2, { decimalSeparator: ".", thousandsSeparator: "," })).toBe(108040n);
    expect(decimalToMinor("92233720368547758.07", 2)).toBe(9223372036854775807n);
  });

  it("refuses more precision than the currency has, and text that is not a plain decimal", () => {
    expect(decimalToMinor("12.345", 2)).toBe('"12.345" has more decimals than the currency\'s 2');
    expect(decimalToMinor("1.5", 0)).toBe('"1.5" has more decimals than the currency\'s 0');
    expect(decimalToMinor("1,5", 2)).toBe('"1,5" is not a decimal amount (expected digits with "." as the decimal separator)');
    expect(decimalToMinor("--1", 2)).toBe('"--1" is not a decimal amount (expected digits with "." as the decimal separator)');
    expect(decimalToMinor("1e3", 2)).toBe('"1e3" is not a decimal amount (expected digits with "." as the decimal separator)');
  });

  it("writes minor units back as signed major-unit decimals with exactly the currency's digits", () => {
    expect(formatMinor(-123450n, 2)).toBe("-1234.50");
    expect(formatMinor(5n, 2)).toBe("0.05");
    expect(formatMinor(-38n, 2)).toBe("-0.38");
    expect(formatMinor(1200n, 0)).toBe("1200");
    expect(formatMinor(1234n, 3)).toBe("1.234");
    expect(formatMinor(0n, 2)).toBe("0.00");
  });
});

describe("adapter dates", () => {
  it("reads each written shape to the ISO day as written", () => {
    expect(isoDateOf("2026-01-22 05:24:08 -0500", "ymd")).toBe("2026-01-22");
    expect(isoDateOf("2026-04-06T09:30:00+02:00", "ymd")).toBe("2026-04-06");
    expect(isoDateOf("2026/03/02 06:15:30 -0800", "ymd-slash")).toBe("2026-03-02");
    expect(isoDateOf("1/8/2026", "mdy-slash")).toBe("2026-01-08");
    expect(isoDateOf("05.01.2026 08:00:00 UTC", "dmy-dot")).toBe("2026-01-05");
    expect(isoDateOf("260105", "yymmdd")).toBe("2026-01-05");
    expect(isoDateOf("991231", "yymmdd")).toBe("1999-12-31");
  });

  it("refuses days that are not on the calendar, leap days only in leap years", () => {
    expect(isoDateOf("2024-02-29", "ymd")).toBe("2024-02-29");
    expect(isoDateOf("2026-02-29", "ymd")).toBeNull();
    expect(isoDateOf("2000-02-29", "ymd")).toBe("2000-02-29");
    expect(isoDateOf("2100-02-29", "ymd")).toBeNull();
    expect(isoDateOf("2026-04-31", "ymd")).toBeNull();
    expect(isoDateOf("13/01/2026", "mdy-slash")).toBeNull();
    expect(isoDateOf("2026-01-05X", "ymd")).toBeNull();
  });
});
