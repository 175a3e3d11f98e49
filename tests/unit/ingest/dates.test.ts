import { describe, expect, it } from "vitest";
import { normalizeCell, profileFile } from "~/core/ingest";
import { bytesSource, column, typeOf, utf8 } from "./support";

async function dateColumn(values: string[], locale?: string) {
  const profile = await profileFile(bytesSource(utf8(`Date\n${values.join("\n")}\n`)), "dates.csv", locale ? { locale } : {});
  return profile.columns[0]!;
}

describe("date columns", () => {
  it("proves day-first order from one value whose first number is above 12", async () => {
    const date = await dateColumn(["01/04/2026", "02/04/2026", "25/04/2026", "03/05/2026"]);
    expect(typeOf(date)).toEqual({ name: "Date", type: "date", fit: 4, total: 4, nullCount: 0, misfits: [], date: { pattern: "dd/MM/yyyy", order: "DMY" } });
    expect(date.evidence).toBe(
      "date: 4 of 4 non-null values fit (pattern dd/MM/yyyy; day first: 1 value with the first number above 12 (e.g. 25/04/2026 on line 4)); 0 null; sample: the whole file, up to 10,000 rows",
    );
    expect(normalizeCell("02/04/2026", date)).toEqual({ raw: "02/04/2026", value: "2026-04-02" });
  });

  it("proves month-first order from one value whose second number is above 12", async () => {
    const date = await dateColumn(["4/1/2026", "4/25/2026"]);
    expect(date.date).toEqual({ pattern: "M/d/yyyy", order: "MDY" });
    expect(normalizeCell("4/1/2026", date).value).toBe("2026-04-01");
  });

  it("flags a column no value disambiguates and states the locale default it used", async () => {
    const date = await dateColumn(["01/04/2026", "02/04/2026"]);
    expect(typeOf(date)).toEqual({
      name: "Date",
      type: "date",
      fit: 2,
      total: 2,
      nullCount: 0,
      misfits: [],
      ambiguous: true,
      date: { pattern: "MM/dd/yyyy", order: "MDY" },
    });
    expect(date.evidence).toBe(
      "date: 2 of 2 non-null values fit (pattern MM/dd/yyyy; ambiguous: no value has a number above 12 in the first two places; read as month first, the default for locale en-US (en-US: M/D, others: D/M)); 0 null; sample: the whole file, up to 10,000 rows",
    );
  });

  it("reads an ambiguous column day-first when the locale is not en-US", async () => {
    const date = await dateColumn(["01.04.2026", "02.04.2026"], "de-DE");
    expect([date.ambiguous, date.date]).toEqual([true, { pattern: "dd.MM.yyyy", order: "DMY" }]);
  });

  it("reads month names and two-digit years", async () => {
    const date = await dateColumn(["25-Apr-26", "3-May-26"]);
    expect(date.date).toEqual({ pattern: "d-MMM-yy", order: "DMY" });
    expect(normalizeCell("3-May-26", date).value).toBe("2026-05-03");
  });

  it("normalizes datetimes without an offset to instants in the column's time zone", () => {
    const datetime = column({ type: "datetime", date: { pattern: "dd/MM/yyyy HH:mm", order: "DMY", timeZone: "Europe/Berlin" } });
    expect(normalizeCell("25/04/2026 10:30", datetime)).toEqual({ raw: "25/04/2026 10:30", value: "2026-04-25T08:30:00.000Z" });
  });

  it("normalizes ISO datetimes by their own offset", async () => {
    const datetime = await dateColumn(["2026-04-25T10:30:00+02:00", "2026-04-26T00:15:00Z"]);
    expect([datetime.type, datetime.date]).toEqual(["datetime", { pattern: "iso", order: "YMD" }]);
    expect(normalizeCell("2026-04-25T10:30:00+02:00", datetime).value).toBe("2026-04-25T08:30:00.000Z");
  });

  it("rejects a date that does not exist", () => {
    const date = column({ type: "date", date: { pattern: "dd/MM/yyyy", order: "DMY" } });
    expect(normalizeCell("31/04/2026", date)).toEqual({
      raw: "31/04/2026",
      value: null,
      error: 'not a date in format "dd/MM/yyyy": day 31 does not exist in 2026-04',
    });
  });
});
