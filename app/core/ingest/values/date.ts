import { zoneFormatter } from "~/core/values/dates";
import type { DateProfile } from "../types";

/**
 * Dates and datetimes: detecting a column's pattern from its values, and
 * parsing one value with a pattern.
 *
 * Patterns use the engine's parseDate tokens (yyyy, yy, MM, M, dd, d, HH, mm,
 * ss, xx, or "iso") so a detected pattern can go straight into a rule-set
 * mapping, plus what bank and spreadsheet exports also write: MMM for month
 * names ("25-Apr-2026"), H for a 1–2 digit hour, h/hh with a for a 12-hour
 * clock ("4/25/2026 3:45 PM"). Seconds may carry a fraction.
 */

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC when the text names an offset ("Z", "+02:00"). */
  offsetMinutes: number | null;
}

type Field = "year4" | "year2" | "monthName" | "month" | "day" | "hour24" | "hour12" | "minute" | "second" | "meridiem" | "offset";

interface CompiledPattern {
  regex: RegExp;
  fields: Field[];
  hasTime: boolean;
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** Month number for "Apr", "April", "Sept."; 0 when it is not an English month name. */
function monthFromName(name: string): number {
  const lower = name.toLowerCase().replace(/\.$/, "");
  if (lower.length < 3) return 0;
  const index = MONTHS.findIndex((month) => month.startsWith(lower));
  return index + 1;
}

const ISO_PATTERN: CompiledPattern = {
  regex: /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+\-\u2212]\d{2}(?::?\d{2})?)?$/,
  // "second" twice: the seconds, then their fraction.
  fields: ["year4", "month", "day", "hour24", "minute", "second", "second", "offset"],
  hasTime: true,
};

const TOKEN_SOURCES: Record<string, { source: string; field: Field }> = {
  yyyy: { source: "(\\d{4})", field: "year4" },
  yy: { source: "(\\d{2})", field: "year2" },
  MMMM: { source: "([A-Za-z]{3,9}\\.?)", field: "monthName" },
  MMM: { source: "([A-Za-z]{3,9}\\.?)", field: "monthName" },
  MM: { source: "(\\d{2})", field: "month" },
  M: { source: "(\\d{1,2})", field: "month" },
  dd: { source: "(\\d{2})", field: "day" },
  d: { source: "(\\d{1,2})", field: "day" },
  HH: { source: "(\\d{2})", field: "hour24" },
  H: { source: "(\\d{1,2})", field: "hour24" },
  hh: { source: "(\\d{2})", field: "hour12" },
  h: { source: "(\\d{1,2})", field: "hour12" },
  mm: { source: "(\\d{2})", field: "minute" },
  // A fraction after the seconds is read (to the millisecond) whatever the pattern says: exports mix "10:00:00" and "10:00:00.5".
  ss: { source: "(\\d{2})(?:[.,](\\d{1,9}))?", field: "second" },
  a: { source: "([AaPp]\\.?[Mm]\\.?)", field: "meridiem" },
  xx: { source: "(Z|z|[+\\-\\u2212]\\d{2}(?::?\\d{2})?)", field: "offset" },
};

const compiledPatterns = new Map<string, CompiledPattern | string>();

/** Compiles a pattern once; a string explains why a pattern is not valid. */
export function compileDatePattern(pattern: string): CompiledPattern | string {
  if (pattern === "iso") return ISO_PATTERN;
  const cached = compiledPatterns.get(pattern);
  if (cached !== undefined) return cached;
  let source = "^";
  const fields: Field[] = [];
  let index = 0;
  let problem: string | null = null;
  while (index < pattern.length) {
    const char = pattern[index]!;
    if ("yMdHhmsax".includes(char)) {
      let end = index;
      while (end < pattern.length && pattern[end] === char) end++;
      const token = TOKEN_SOURCES[pattern.slice(index, end)];
      if (!token) {
        problem = `"${pattern.slice(index, end)}" is not a date token (use yyyy, yy, MMM, MM, M, dd, d, HH, H, hh, h, mm, ss, a, xx)`;
        break;
      }
      source += token.source;
      fields.push(token.field);
      if (token.field === "second") fields.push("second"); // its fraction group
      index = end;
      continue;
    }
    if (/[A-Za-z]/.test(char) && char !== "T") {
      problem = `"${char}" is not a date token`;
      break;
    }
    // "3:45PM" and "3:45 PM" are both written; other spaces separate numbers and must be there.
    const beforeMeridiem = char === " " && pattern[index + 1] === "a";
    source += char === " " ? (beforeMeridiem ? "\\s*" : "\\s+") : char.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
    index++;
  }
  const has = (field: Field) => fields.includes(field);
  if (!problem && !((has("year4") || has("year2")) && (has("month") || has("monthName")) && has("day"))) {
    problem = "a date pattern needs a year, a month and a day";
  }
  if (!problem && has("hour12") !== has("meridiem")) problem = "a 12-hour clock (h, hh) needs an AM/PM marker (a), and a needs h";
  const compiled = problem ?? { regex: new RegExp(`${source}$`), fields, hasTime: has("hour24") || has("hour12") };
  compiledPatterns.set(pattern, compiled);
  return compiled;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Reads a (trimmed) text with a compiled pattern; a string explains why it does not fit. */
export function parseDateParts(text: string, compiled: CompiledPattern): DateParts | string {
  const match = compiled.regex.exec(text);
  if (!match) return "does not match the pattern";
  const parts: DateParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: null };
  let meridiem: string | undefined;
  let hour12 = false;
  let secondSeen = false;
  for (let f = 0; f < compiled.fields.length; f++) {
    const value = match[f + 1];
    if (value === undefined) continue;
    switch (compiled.fields[f]!) {
      case "year4":
        parts.year = Number(value);
        break;
      case "year2":
        // POSIX strptime's pivot, as the engine uses: 69–99 are 1969–1999, 00–68 are 2000–2068.
        parts.year = Number(value) >= 69 ? 1900 + Number(value) : 2000 + Number(value);
        break;
      case "monthName":
        parts.month = monthFromName(value);
        if (parts.month === 0) return `"${value}" is not a month`;
        break;
      case "month":
        parts.month = Number(value);
        break;
      case "day":
        parts.day = Number(value);
        break;
      case "hour24":
        parts.hour = Number(value);
        break;
      case "hour12":
        parts.hour = Number(value);
        hour12 = true;
        break;
      case "minute":
        parts.minute = Number(value);
        break;
      case "second":
        if (!secondSeen) {
          parts.second = Number(value);
          secondSeen = true;
        } else {
          parts.millisecond = Number(value.slice(0, 3).padEnd(3, "0"));
        }
        break;
      case "meridiem":
        meridiem = value[0]!.toLowerCase();
        break;
      case "offset":
        parts.offsetMinutes = parseOffset(value);
        break;
    }
  }
  if (hour12) {
    if (parts.hour < 1 || parts.hour > 12) return `hour ${parts.hour} is not on a 12-hour clock`;
    parts.hour = (parts.hour % 12) + (meridiem === "p" ? 12 : 0);
  }
  if (parts.month < 1 || parts.month > 12) return `month ${parts.month} is not between 1 and 12`;
  if (parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) {
    return `day ${parts.day} does not exist in ${parts.year}-${String(parts.month).padStart(2, "0")}`;
  }
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 59) return "is not a valid time of day";
  return parts;
}

function parseOffset(text: string): number {
  if (text === "Z" || text === "z") return 0;
  const sign = text[0] === "+" ? 1 : -1;
  const digits = text.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0"));
}

export function formatIsoDate(parts: DateParts): string {
  return `${String(parts.year).padStart(4, "0")}-${String(parts.month).padStart(2, "0")}-${String(parts.day).padStart(2, "0")}`;
}

/** The instant a datetime names: its own offset, else its wall-clock time in `timeZone`. */
export function toInstant(parts: DateParts, timeZone: string): string {
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond);
  if (parts.offsetMinutes !== null) return new Date(wall - parts.offsetMinutes * 60_000).toISOString();
  if (timeZone === "UTC") return new Date(wall).toISOString();
  // The offset at the wall time read as UTC is right except within a DST change; one more step settles it.
  let instant = wall - zoneOffsetMs(timeZone, wall);
  const corrected = wall - zoneOffsetMs(timeZone, instant);
  if (corrected !== instant) instant = corrected;
  return new Date(instant).toISOString();
}

/** The zone's offset from UTC at an instant, from the tz database Node ships (via Intl). */
function zoneOffsetMs(timeZone: string, instant: number): number {
  const formatter = zoneFormatter(timeZone);
  const get = (type: string) => Number(formatter.formatToParts(instant).find((part) => part.type === type)?.value ?? 0);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return local - Math.floor(instant / 1000) * 1000;
}

/** True when Intl knows the zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Detection

export type DateOrder = NonNullable<DateProfile["order"]>;

export interface DateDetection {
  type: "date" | "datetime";
  date: DateProfile;
  ambiguous: boolean;
  /** How the pattern and order were decided. */
  notes: string[];
}

export interface LocatedValue {
  value: string;
  line: number;
}

const TIME = "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,]\\d{1,9})?)?(?:\\s*([AaPp]\\.?[Mm]\\.?))?)?";
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)?\s*(?:Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const YEAR_FIRST = new RegExp(`^(\\d{4})([/.\\-])(\\d{1,2})\\2(\\d{1,2})${TIME}$`);
const NUMERIC = new RegExp(`^(\\d{1,2})([/.\\-])(\\d{1,2})\\2(\\d{4}|\\d{2})${TIME}$`);
const DAY_MONTH_NAME = new RegExp(`^(\\d{1,2})([\\- ])([A-Za-z]{3,9}\\.?)\\2(\\d{4}|\\d{2})${TIME}$`);
const MONTH_NAME_DAY = new RegExp(`^([A-Za-z]{3,9}\\.?) (\\d{1,2})(,?) (\\d{4})${TIME}$`);

interface TimeShape {
  hourDigits: number;
  seconds: boolean;
  meridiem: boolean;
}

/** One value's layout, minus what only all values together decide (day/month order, zero padding). */
interface Shape {
  key: string;
  hasTime: boolean;
  build: (order: DateOrder, padded: { first: boolean; second: boolean; hour: boolean }) => string;
  /** For D/M vs M/D: the first two numbers. */
  first?: number;
  second?: number;
  firstWidth?: number;
  secondWidth?: number;
  hourWidth?: number;
}

function timeKey(match: RegExpExecArray, from: number): TimeShape | null {
  if (match[from] === undefined) return null;
  return { hourDigits: match[from]!.length, seconds: match[from + 2] !== undefined, meridiem: match[from + 3] !== undefined };
}

function timePattern(time: TimeShape | null, paddedHour: boolean): string {
  if (!time) return "";
  const hour = time.meridiem ? (paddedHour ? "hh" : "h") : paddedHour ? "HH" : "H";
  return ` ${hour}:mm${time.seconds ? ":ss" : ""}${time.meridiem ? " a" : ""}`;
}

function describeTime(time: TimeShape | null): string {
  return time ? `t${time.seconds ? "s" : ""}${time.meridiem ? "a" : ""}` : "";
}

function shapeOf(value: string): Shape | null {
  if (ISO_LIKE.test(value)) {
    const dateOnly = value.length === 10;
    return { key: dateOnly ? "iso-date" : "iso", hasTime: !dateOnly, build: () => (dateOnly ? "yyyy-MM-dd" : "iso") };
  }
  let match = YEAR_FIRST.exec(value);
  if (match) {
    const separator = match[2]!;
    const time = timeKey(match, 5);
    return {
      key: `ymd${separator}${describeTime(time)}`,
      hasTime: time !== null,
      build: (_order, padded) => `yyyy${separator}${padded.first ? "MM" : "M"}${separator}${padded.second ? "dd" : "d"}${timePattern(time, padded.hour)}`,
      firstWidth: match[3]!.length,
      secondWidth: match[4]!.length,
      hourWidth: match[5]?.length,
    };
  }
  match = NUMERIC.exec(value);
  if (match) {
    const separator = match[2]!;
    const year = match[4]!.length === 4 ? "yyyy" : "yy";
    const time = timeKey(match, 5);
    return {
      key: `num${separator}${year}${describeTime(time)}`,
      hasTime: time !== null,
      build: (order, padded) => {
        const first = order === "MDY" ? (padded.first ? "MM" : "M") : padded.first ? "dd" : "d";
        const second = order === "MDY" ? (padded.second ? "dd" : "d") : padded.second ? "MM" : "M";
        return `${first}${separator}${second}${separator}${year}${timePattern(time, padded.hour)}`;
      },
      first: Number(match[1]),
      second: Number(match[3]),
      firstWidth: match[1]!.length,
      secondWidth: match[3]!.length,
      hourWidth: match[5]?.length,
    };
  }
  match = DAY_MONTH_NAME.exec(value);
  if (match && monthFromName(match[3]!) > 0) {
    const separator = match[2]!;
    const year = match[4]!.length === 4 ? "yyyy" : "yy";
    const time = timeKey(match, 5);
    return {
      key: `dmn${separator}${year}${describeTime(time)}`,
      hasTime: time !== null,
      build: (_order, padded) => `${padded.first ? "dd" : "d"}${separator}MMM${separator}${year}${timePattern(time, padded.hour)}`,
      firstWidth: match[1]!.length,
      hourWidth: match[5]?.length,
    };
  }
  match = MONTH_NAME_DAY.exec(value);
  if (match && monthFromName(match[1]!) > 0) {
    const comma = match[3]!;
    const time = timeKey(match, 5);
    return {
      key: `mnd${comma}${describeTime(time)}`,
      hasTime: time !== null,
      build: (_order, padded) => `MMM ${padded.first ? "dd" : "d"}${comma} yyyy${timePattern(time, padded.hour)}`,
      firstWidth: match[2]!.length,
      hourWidth: match[5]?.length,
    };
  }
  return null;
}

/** The rule: en-US writes month first; every other locale day first. */
export function localeDateOrder(locale: string): "DMY" | "MDY" {
  return locale.toLowerCase() === "en-us" ? "MDY" : "DMY";
}

/**
 * The column's dominant layout decides the pattern. For day/month numbers,
 * every sampled value counts: a first number above 12 proves day-first, a
 * second above 12 proves month-first. Unproven columns take the locale's
 * order and are flagged ambiguous.
 */
export function detectDateFormat(values: readonly LocatedValue[], locale: string): DateDetection | null {
  const shapes = new Map<string, Array<{ shape: Shape; value: LocatedValue }>>();
  for (const value of values) {
    const shape = shapeOf(value.value);
    if (!shape) continue;
    const list = shapes.get(shape.key) ?? [];
    list.push({ shape, value });
    shapes.set(shape.key, list);
  }
  let dominant: Array<{ shape: Shape; value: LocatedValue }> | undefined;
  for (const list of shapes.values()) if (!dominant || list.length > dominant.length) dominant = list;
  if (!dominant) return null;
  const sample = dominant[0]!.shape;
  const padded = {
    first: dominant.every(({ shape }) => shape.firstWidth === undefined || shape.firstWidth === 2),
    second: dominant.every(({ shape }) => shape.secondWidth === undefined || shape.secondWidth === 2),
    hour: dominant.every(({ shape }) => shape.hourWidth === undefined || shape.hourWidth === 2),
  };
  const notes: string[] = [];
  let order: DateOrder = sample.key.startsWith("mnd") ? "MDY" : sample.key.startsWith("num") ? localeDateOrder(locale) : sample.key.startsWith("dmn") ? "DMY" : "YMD";
  let ambiguous = false;
  if (sample.first !== undefined) {
    const dayFirst = dominant.filter(({ shape }) => shape.first! > 12);
    const monthFirst = dominant.filter(({ shape }) => shape.second! > 12);
    const proof = (list: typeof dominant, part: string) =>
      `${list.length} value${list.length === 1 ? "" : "s"} with the ${part} number above 12 (e.g. ${list[0]!.value.value} on line ${list[0]!.value.line})`;
    if (dayFirst.length > 0 && dayFirst.length >= monthFirst.length) {
      order = "DMY";
      notes.push(`day first: ${proof(dayFirst, "first")}`);
      if (monthFirst.length > 0) notes.push(`but ${proof(monthFirst, "second")} contradict it`);
    } else if (monthFirst.length > 0) {
      order = "MDY";
      notes.push(`month first: ${proof(monthFirst, "second")}`);
      if (dayFirst.length > 0) notes.push(`but ${proof(dayFirst, "first")} contradict it`);
    } else {
      ambiguous = true;
      order = localeDateOrder(locale);
      notes.push(
        `ambiguous: no value has a number above 12 in the first two places; read as ${order === "MDY" ? "month" : "day"} first, the default for locale ${locale} (en-US: M/D, others: D/M)`,
      );
    }
  }
  const pattern = sample.build(order, padded);
  const type = sample.hasTime ? "datetime" : "date";
  if (type === "datetime") {
    const withOffset = dominant.some(({ value }) => /(?:Z|z|[+-]\d{2}:?\d{2})$/.test(value.value));
    notes.push(withOffset ? "times carry their UTC offset" : "times have no offset: read as UTC unless date.timeZone says otherwise");
  }
  return { type, date: { pattern, order }, ambiguous, notes };
}

/** The order a pattern writes day, month and year in ("dd/MM/yyyy" is DMY). */
export function orderOfPattern(pattern: string): DateOrder {
  if (pattern === "iso") return "YMD";
  const year = pattern.indexOf("y");
  const month = pattern.indexOf("M");
  const day = pattern.indexOf("d");
  if (year >= 0 && year < month && year < day) return "YMD";
  return month >= 0 && month < day ? "MDY" : "DMY";
}

/** The pattern with its day and month numbers swapped into `order` (an override that only says "day first"). */
export function patternWithOrder(pattern: string, order: DateOrder): string {
  if (order === "YMD" || orderOfPattern(pattern) === order || orderOfPattern(pattern) === "YMD") return pattern;
  return pattern.replace(/^(dd?|MM?)([/.-])(dd?|MM?)/, (_all, first: string, separator: string, second: string) => `${second}${separator}${first}`);
}
