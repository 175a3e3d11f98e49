import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileDateFormat, readWithFormat, resetFields, type DateFields, type Segment } from "~/core/values/date-formats";
import { compileDayRangeParser, compileGenericDayRangeParser, daysFromCivil, zoneFormatter, zoneLocalDay, type DayRangeParser } from "~/core/values/dates";
import { compileFixedWidthReader } from "~/core/values/fixed-width-dates";
import { TransformFailure } from "~/core/values/transform-failure";

/**
 * Properties of the fixed-width date fast path of issue #21 against the
 * generic path it must not change: compileDayRangeParser (fast reader, month
 * table, no division) against compileGenericDayRangeParser (resetFields +
 * readWithFormat + daysFromCivil), day numbers and failure messages alike,
 * over near-valid dates, broken ones and garbage, in zones with and without
 * DST, a half-hour zone and Lord Howe's half-hour DST.
 */

// ---- Arbitraries -----------------------------------------------------------

const FIXED_FORMATS = [
  "yyyy-MM-dd HH:mm:ss xx",
  "yyyy-MM-dd HH:mm:ss",
  "yyyy-MM-ddTHH:mm:ssxx",
  "yyyy-MM-dd",
  "dd/MM/yyyy",
  "dd.MM.yy HH:mm",
  "yyyyMMdd",
  "MM/dd/yyyy HH:mm xx",
];
/** Formats the fast path declines (variable width, an offset not last, ISO): they must be untouched too. */
const OTHER_FORMATS = ["iso", "d/M/yyyy", "xx yyyy-MM-dd", "M/d/yy HH:mm"];
const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe"];

function padded(width: number, values: fc.Arbitrary<number>): fc.Arbitrary<string> {
  return values.map((value) => String(value).padStart(width, "0"));
}

/** Mostly valid values, with the out-of-range ones each check must catch. */
function field(min: number, max: number, broken: number[]): fc.Arbitrary<string> {
  return padded(2, fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 6 }, { arbitrary: fc.constantFrom(...broken), weight: 1 }));
}

const offsetText = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom("+", "-", "\u2212"), field(0, 18, [19, 23, 99]), field(0, 59, [60, 99]), fc.boolean()).map(([sign, hours, minutes, colon]) => `${sign}${hours}${colon ? ":" : ""}${minutes}`), weight: 6 },
  { arbitrary: fc.constantFrom("Z", "z", "+0000", "-00:00", "+14:00", "-1200", "+18:59", "+0545"), weight: 2 },
  { arbitrary: fc.constantFrom("", "+5", "+05:0", "+0530x", "+05::00", "05:00", "+05:000", "UTC", "Zz", "+ 0500", "+050", "*0500", "+05-00"), weight: 2 },
);

const dateParts = fc.record({
  yyyy: padded(4, fc.oneof({ arbitrary: fc.integer({ min: 1900, max: 2100 }), weight: 8 }, { arbitrary: fc.integer({ min: 0, max: 9999 }), weight: 1 })),
  yy: padded(2, fc.integer({ min: 0, max: 99 })),
  MM: field(1, 12, [0, 13, 99]),
  M: fc.oneof(fc.integer({ min: 1, max: 12 }).map(String), fc.constantFrom("0", "13", "01")),
  dd: field(1, 31, [0, 29, 30, 31, 32, 99]),
  d: fc.oneof(fc.integer({ min: 1, max: 31 }).map(String), fc.constantFrom("0", "32", "09")),
  HH: field(0, 23, [24, 99]),
  mm: field(0, 59, [60, 99]),
  ss: field(0, 59, [60, 99]),
  xx: offsetText,
});

type DateParts = typeof dateParts extends fc.Arbitrary<infer T> ? T : never;

/** The text a format gives for these parts. */
function render(format: string, parts: DateParts): string {
  if (format === "iso") return `${parts.yyyy}-${parts.MM}-${parts.dd}T${parts.HH}:${parts.mm}:${parts.ss}${parts.xx}`;
  return format.replace(/yyyy|yy|MM|M|dd|d|HH|mm|ss|xx/g, (token) => parts[token as keyof DateParts]);
}

const mutationChar = fc.constantFrom(..."0123456789-:/. TZz+\u2212\tax\u00a0é");

/** One edit at a random place: a wrong character, one missing, one too many. */
const mutation = fc.record({ kind: fc.constantFrom("replace", "delete", "insert"), at: fc.nat(), char: mutationChar });

function mutate(text: string, edit: { kind: string; at: number; char: string } | null): string {
  if (edit === null) return text;
  const at = edit.at % (text.length + 1);
  if (edit.kind === "insert") return text.slice(0, at) + edit.char + text.slice(at);
  if (edit.kind === "delete") return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + edit.char + text.slice(at + 1);
}

const padding = fc.constantFrom("", "", "", " ", "\t", "\u00a0", "  ");

const dateCell = (format: string) =>
  fc.tuple(dateParts, fc.option(mutation, { freq: 3 }), padding, padding).map(([parts, edit, before, after]) => before + mutate(render(format, parts), edit) + after);

const garbage = fc.oneof(
  fc.string({ unit: mutationChar, maxLength: 30 }),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 12 }),
);

const surround = fc.tuple(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }));

// ---- Reference semantics -----------------------------------------------------

/** One parser per format and zone for the whole file: a parser's zone table fills as it goes, as in a real read. */
const parsers = new Map<string, { fast: DayRangeParser; generic: DayRangeParser }>();

function parsersFor(format: string, zone: string) {
  const key = `${format}\u0000${zone}`;
  let pair = parsers.get(key);
  if (pair === undefined) {
    const fast = compileDayRangeParser(format, zone);
    const generic = compileGenericDayRangeParser(format, zone);
    if (typeof fast === "string" || typeof generic === "string") throw new Error(`format ${format}: ${String(fast)}`);
    pair = { fast, generic };
    parsers.set(key, pair);
  }
  return pair;
}

/** A result as plain data, so a failure compares by its message. */
function outcome(result: number | null | TransformFailure): number | null | { failure: string } {
  return result instanceof TransformFailure ? { failure: result.message } : result;
}

/** The cell in place inside a longer text, as the delimited reader passes it. */
function checkSameDay(format: string, zone: string, cell: string, [before, after]: [string, string]): void {
  const { fast, generic } = parsersFor(format, zone);
  const text = before + cell + after;
  const start = before.length;
  const end = start + cell.length;
  expect(outcome(fast(text, start, end))).toEqual(outcome(generic(text, start, end)));
}

const RUNS = { numRuns: 3000 };

describe("the fixed-width date path gives the generic path's day or failure", () => {
  for (const format of [...FIXED_FORMATS, ...OTHER_FORMATS]) {
    it(`on near-valid and edited cells in "${format}"`, () => {
      fc.assert(fc.property(fc.constantFrom(...ZONES), dateCell(format), surround, (zone, cell, around) => checkSameDay(format, zone, cell, around)), RUNS);
    });
  }

  it("on garbage in every format", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXED_FORMATS, ...OTHER_FORMATS), fc.constantFrom(...ZONES), garbage, surround, (format, zone, cell, around) =>
        checkSameDay(format, zone, cell, around),
      ),
      RUNS,
    );
  });

  it("on every hour of 2025–2026, across the DST changes, with and without an offset", () => {
    // Random cells rarely land on a transition day; walk them all, at a minute that moves each hour.
    const mismatches: string[] = [];
    for (const zone of ZONES) {
      for (let hours = 0; hours < 2 * 365 * 24; hours += 1) {
        const at = new Date(Date.UTC(2025, 0, 1) + hours * 3_600_000 + ((hours * 7) % 60) * 60_000);
        const local = at.toISOString().slice(0, 19).replace("T", " ");
        for (const offset of ["", " Z", " +0530", " -05:00", " +1030", " -0945"]) {
          const format = offset === "" ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss xx";
          const { fast, generic } = parsersFor(format, zone);
          const cell = local + offset;
          const fastDay = outcome(fast(cell, 0, cell.length));
          const genericDay = outcome(generic(cell, 0, cell.length));
          if (typeof fastDay !== "number" || fastDay !== genericDay) mismatches.push(`${zone} ${cell}: ${JSON.stringify(fastDay)} ≠ ${JSON.stringify(genericDay)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
  it("at the seconds around UTC midnight, where an offset moves the instant to the next or previous day", () => {
    const mismatches: string[] = [];
    const offsets: Array<[string, number]> = [["Z", 0], ["-0500", -300], ["+05:30", 330], ["-1200", -720], ["+1400", 840], ["+18:59", 1139], ["-1859", -1139]];
    for (const zone of ZONES) {
      for (const [offset, minutes] of offsets) {
        for (const day of [Date.UTC(2025, 2, 9), Date.UTC(2025, 2, 30), Date.UTC(2026, 0, 1)]) {
          for (const delta of [-1, 0, 1]) {
            // The wall-clock time that, at this offset, is UTC midnight + delta seconds.
            const wall = new Date(day + minutes * 60_000 + delta * 1000).toISOString().slice(0, 19).replace("T", " ");
            const cell = `${wall} ${offset}`;
            const { fast, generic } = parsersFor("yyyy-MM-dd HH:mm:ss xx", zone);
            const fastDay = outcome(fast(cell, 0, cell.length));
            const genericDay = outcome(generic(cell, 0, cell.length));
            if (typeof fastDay !== "number" || fastDay !== genericDay) mismatches.push(`${zone} ${cell}: ${JSON.stringify(fastDay)} ≠ ${JSON.stringify(genericDay)}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("the fixed-width reader", () => {
  /** resetFields + readWithFormat, as the generic path reads a cell. */
  function genericFields(segments: Segment[], text: string): { problem: string | null; fields: DateFields } {
    const fields: DateFields = { year: 9, month: 9, day: 9, hour: 9, minute: 9, second: 9, hasOffset: true, offsetMinutes: 9 };
    resetFields(fields);
    return { problem: readWithFormat(segments, text, 0, text.length, fields), fields };
  }

  it("reads exactly the fields readWithFormat reads, and every cell readWithFormat accepts", () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXED_FORMATS), fc.oneof(fc.tuple(dateParts, fc.option(mutation, { freq: 3 })), fc.tuple(dateParts, fc.constant(null))), (format, [parts, edit]) => {
        const segments = compileDateFormat(format) as Segment[];
        const reader = compileFixedWidthReader(segments)!;
        const text = mutate(render(format, parts), edit);
        // Stale values in the scratch record must not leak into a read.
        const fields: DateFields = { year: 7, month: 7, day: 7, hour: 7, minute: 7, second: 7, hasOffset: true, offsetMinutes: 7 };
        const accepted = reader(text, 0, text.length, fields);
        const reference = genericFields(segments, text);
        expect(accepted).toBe(reference.problem === null);
        if (accepted) expect(fields).toEqual(reference.fields);
      }),
      RUNS,
    );
  });

  it("is not built for formats with a variable width or an offset before the end", () => {
    for (const format of ["d/M/yyyy", "M/d/yy HH:mm", "xx yyyy-MM-dd", "yyyy-MM-dd xx HH:mm"]) {
      expect(compileFixedWidthReader(compileDateFormat(format) as Segment[])).toBeNull();
    }
  });
});

describe("the local day of an instant in a zone", () => {
  /** Intl's own answer, the reference the cached offsets must reproduce. */
  function intlLocalDay(zone: string, epochSeconds: number): number {
    const parts = Object.fromEntries(zoneFormatter(zone).formatToParts(epochSeconds * 1000).map((part) => [part.type, part.value]));
    return daysFromCivil(Number(parts.year), Number(parts.month), Number(parts.day));
  }

  it("is the date Intl formats for it, 1900–2100", () => {
    const localDays = new Map(ZONES.map((zone) => [zone, zoneLocalDay(zone)]));
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: daysFromCivil(1900, 1, 2), max: daysFromCivil(2100, 12, 30) }), fc.integer({ min: 0, max: 86_399 }), (zone, utcDay, second) => {
        expect(localDays.get(zone)!(utcDay, second)).toBe(intlLocalDay(zone, utcDay * 86_400 + second));
      }),
      { numRuns: 2000 },
    );
  });
});
