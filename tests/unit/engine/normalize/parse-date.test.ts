import { describe, expect, it } from "vitest";
import { applyTransform, compileDayParser, daysFromCivil, formatIsoDay } from "~/core/engine/normalize";
import { definitionIssues, transform } from "./factories";

function parseDate(text: string | null, format: string, timeZone?: string) {
  return applyTransform(transform({ op: "parseDate", format, ...(timeZone ? { timeZone } : {}) }), text);
}

describe("day numbers", () => {
  it("count days since 1970-01-01 both ways", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2026, 1, 15)).toBe(20468);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
    expect(formatIsoDay(20468)).toBe("2026-01-15");
    expect(formatIsoDay(-1)).toBe("1969-12-31");
  });

  it("are what the parser returns", () => {
    const parser = compileDayParser("yyyy-MM-dd", "UTC");
    expect(typeof parser === "function" && parser("2026-01-15")).toBe(20468);
  });
});

describe("parseDate", () => {
  it("reads yyyy-MM-dd into ISO text in a chain", () => {
    expect(parseDate("2026-01-15", "yyyy-MM-dd")).toEqual({ ok: true, value: "2026-01-15" });
  });

  it("reads dd/MM/yy with the POSIX two-digit year pivot", () => {
    expect(parseDate("15/01/26", "dd/MM/yy")).toEqual({ ok: true, value: "2026-01-15" });
    expect(parseDate("15/01/68", "dd/MM/yy")).toEqual({ ok: true, value: "2068-01-15" });
    expect(parseDate("15/01/69", "dd/MM/yy")).toEqual({ ok: true, value: "1969-01-15" });
  });

  it("reads one- or two-digit M and d", () => {
    expect(parseDate("1/5/2026", "M/d/yyyy")).toEqual({ ok: true, value: "2026-01-05" });
    expect(parseDate("12/31/2026", "M/d/yyyy")).toEqual({ ok: true, value: "2026-12-31" });
  });

  it("reads a time with HH:mm:ss and a literal T", () => {
    expect(parseDate("2026-01-15T23:59:59", "yyyy-MM-ddTHH:mm:ss")).toEqual({ ok: true, value: "2026-01-15" });
  });

  it("takes a time without an offset as wall-clock time in the zone, so the day is as written", () => {
    expect(parseDate("2026-01-15 23:30:00", "yyyy-MM-dd HH:mm:ss", "Asia/Tokyo")).toEqual({ ok: true, value: "2026-01-15" });
  });

  it("moves a time with an offset to its day in UTC", () => {
    expect(parseDate("2026-01-15 22:30:00 -0500", "yyyy-MM-dd HH:mm:ss xx")).toEqual({ ok: true, value: "2026-01-16" });
  });

  it("moves a time with an offset to its day in the rule's zone", () => {
    expect(parseDate("2026-01-15 22:30:00 -0500", "yyyy-MM-dd HH:mm:ss xx", "America/New_York")).toEqual({ ok: true, value: "2026-01-15" });
    expect(parseDate("2026-01-15 23:30:00 +0000", "yyyy-MM-dd HH:mm:ss xx", "Asia/Tokyo")).toEqual({ ok: true, value: "2026-01-16" });
  });

  it("reads offsets written with a colon, and Z", () => {
    expect(parseDate("2026-01-15 20:00 +05:30", "yyyy-MM-dd HH:mm xx")).toEqual({ ok: true, value: "2026-01-15" });
    expect(parseDate("2026-01-15 01:00 +05:30", "yyyy-MM-dd HH:mm xx")).toEqual({ ok: true, value: "2026-01-14" });
    expect(parseDate("2026-01-15 23:00 Z", "yyyy-MM-dd HH:mm xx", "Europe/Berlin")).toEqual({ ok: true, value: "2026-01-16" });
  });

  it("uses standard time before the spring-forward in New York", () => {
    // 2026-03-08 04:30Z is 23:30 EST (UTC-5) on the 7th; 05:00Z is midnight.
    expect(parseDate("2026-03-08T04:30:00Z", "iso", "America/New_York")).toEqual({ ok: true, value: "2026-03-07" });
    expect(parseDate("2026-03-08T05:00:00Z", "iso", "America/New_York")).toEqual({ ok: true, value: "2026-03-08" });
  });

  it("uses daylight time after the spring-forward in New York", () => {
    // 2026-03-09 03:59Z is 23:59 EDT (UTC-4) on the 8th; 04:00Z is midnight.
    expect(parseDate("2026-03-09T03:59:00Z", "iso", "America/New_York")).toEqual({ ok: true, value: "2026-03-08" });
    expect(parseDate("2026-03-09T04:00:00Z", "iso", "America/New_York")).toEqual({ ok: true, value: "2026-03-09" });
  });

  it("returns to standard time after the fall-back in New York", () => {
    // 2026-11-01 04:30Z is 00:30 EDT on the 1st; 2026-11-02 04:30Z is 23:30 EST on the 1st.
    expect(parseDate("2026-11-01T04:30:00Z", "iso", "America/New_York")).toEqual({ ok: true, value: "2026-11-01" });
    expect(parseDate("2026-11-02T04:30:00Z", "iso", "America/New_York")).toEqual({ ok: true, value: "2026-11-01" });
    expect(parseDate("2026-11-02T05:00:00Z", "iso", "America/New_York")).toEqual({ ok: true, value: "2026-11-02" });
  });

  it("finds the exact second of a transition that skips local midnight", () => {
    // São Paulo moved from -03 to -02 at local midnight on 2018-11-04, so that day began at 03:00Z.
    expect(parseDate("2018-11-04T02:59:59Z", "iso", "America/Sao_Paulo")).toEqual({ ok: true, value: "2018-11-03" });
    expect(parseDate("2018-11-04T03:00:00Z", "iso", "America/Sao_Paulo")).toEqual({ ok: true, value: "2018-11-04" });
  });

  it("reads iso dates, date-times, fractions and offsets", () => {
    expect(parseDate("2026-01-15", "iso")).toEqual({ ok: true, value: "2026-01-15" });
    expect(parseDate("2026-01-15T10:30", "iso")).toEqual({ ok: true, value: "2026-01-15" });
    expect(parseDate("2026-01-15T23:30:00.123-02:00", "iso")).toEqual({ ok: true, value: "2026-01-16" });
    expect(parseDate("2026-01-15 01:00:00Z", "iso", "America/Los_Angeles")).toEqual({ ok: true, value: "2026-01-14" });
  });

  it("ignores blanks around the text", () => {
    expect(parseDate("  2026-01-15 ", "yyyy-MM-dd")).toEqual({ ok: true, value: "2026-01-15" });
  });

  it("returns null for blank text without an issue", () => {
    expect(parseDate("", "yyyy-MM-dd")).toEqual({ ok: true, value: null });
    expect(parseDate(null, "yyyy-MM-dd")).toEqual({ ok: true, value: null });
  });

  it("accepts February 29 in a leap year only", () => {
    expect(parseDate("2024-02-29", "yyyy-MM-dd")).toEqual({ ok: true, value: "2024-02-29" });
    expect(parseDate("2100-02-29", "yyyy-MM-dd")).toEqual({ ok: false, message: "day 29 does not exist in 2100-02" });
  });

  it("rejects a month outside 1 to 12", () => {
    expect(parseDate("2026-13-01", "yyyy-MM-dd")).toEqual({ ok: false, message: "month 13 is not between 1 and 12" });
  });

  it("rejects an hour past 23", () => {
    expect(parseDate("2026-01-15 24:00", "yyyy-MM-dd HH:mm")).toEqual({ ok: false, message: "time 24:0:0 is not a valid time of day" });
  });

  it("rejects text in another format, saying where it differs", () => {
    expect(parseDate("15.01.2026", "yyyy-MM-dd")).toEqual({ ok: false, message: 'not a date in format "yyyy-MM-dd": expected 4 digits at position 1' });
    expect(parseDate("2026/01/15", "yyyy-MM-dd")).toEqual({ ok: false, message: 'not a date in format "yyyy-MM-dd": expected "-" at position 5' });
    expect(parseDate("2026-01-15 extra", "yyyy-MM-dd")).toEqual({ ok: false, message: 'not a date in format "yyyy-MM-dd": unexpected " extra" after the date' });
  });

  it("rejects text that is not ISO under iso", () => {
    expect(parseDate("15/01/2026", "iso")).toEqual({
      ok: false,
      message: 'not a date in format "iso": expected an ISO date like 2026-01-15 or 2026-01-15T10:30:00Z',
    });
  });

  it("refuses unknown tokens as a definition problem", () => {
    expect(definitionIssues(() => parseDate("15-Jan-2026", "dd-MMM-yyyy"))).toEqual([
      { pointer: "/format", message: '"MMM" is not a date token; use yyyy, yy, MM, M, dd, d, HH, mm, ss, xx' },
    ]);
    expect(definitionIssues(() => parseDate("01/15/2026 10:00 PM", "MM/dd/yyyy HH:mm a"))).toEqual([
      { pointer: "/format", message: '"a" is not a date token; use yyyy, yy, MM, M, dd, d, HH, mm, ss, xx (xx also reads "Z"), or "iso"' },
    ]);
  });

  it("refuses a format without a year, month and day", () => {
    expect(definitionIssues(() => parseDate("01/15", "MM/dd"))).toEqual([
      { pointer: "/format", message: "must contain a year (yyyy or yy), a month (MM or M) and a day (dd or d)" },
    ]);
  });

  it("refuses an unknown time zone as a definition problem", () => {
    expect(definitionIssues(() => parseDate("2026-01-15", "yyyy-MM-dd", "Mars/Olympus_Mons"))).toEqual([
      { pointer: "/timeZone", message: '"Mars/Olympus_Mons" is not an IANA time zone (e.g. "America/New_York" or "UTC")' },
    ]);
  });
});

describe("parseDate iso with a spaced offset", () => {
  it("reads the Shopify form '2026-01-22 21:24:08 -0500' as the UTC day it falls on", () => {
    const parse = compileDayParser("iso", "UTC");
    if (typeof parse === "string") throw new Error(parse);
    expect(formatIsoDay(parse("2026-01-22 21:24:08 -0500") as number)).toBe("2026-01-23");
    expect(formatIsoDay(parse("2026-01-22T21:24:08-05:00") as number)).toBe("2026-01-23");
  });
});
