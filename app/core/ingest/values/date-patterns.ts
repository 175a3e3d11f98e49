import { zoneFormatter } from "~/core/values/dates";


/**
 * Dates and datetimes: parsing one value with a pattern (date-detection.ts
 * finds a column's pattern from its values).
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
export function monthFromName(name: string): number {
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
