import { TransformFailure } from "./transform-failure";

/**
 * Date parsing to day numbers (days since 1970-01-01), with day boundaries in
 * an IANA time zone.
 *
 * A timestamp without an offset is a wall-clock time in the rule's zone, so
 * its day is the date as written and no zone arithmetic is needed. Only a
 * timestamp with an offset ("-0500", "Z") names an instant; that instant is
 * moved into the zone to find its local day. Zone offsets come from
 * Intl.DateTimeFormat (the tz database Node ships), cached per UTC day because
 * formatToParts costs microseconds and a file spans only a few hundred days.
 */

const SECONDS_PER_DAY = 86_400;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The ISO date "YYYY-MM-DD" of a day number (Howard Hinnant's civil_from_days). */
export function formatIsoDay(dayNumber: number): string {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, "0")}-${month < 10 ? "0" : ""}${month}-${day < 10 ? "0" : ""}${day}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

// ---------------------------------------------------------------------------
// Time zones

/** One formatter per zone for the life of the process: constructing one costs far more than using it. */
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The zone's canonical name, or null when Intl does not know it. */
export function resolveTimeZone(timeZone: string): string | null {
  try {
    return zoneFormatter(timeZone).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Offset from UTC, in seconds, of the zone at an instant given in whole seconds since the epoch. */
function zoneOffsetAt(formatter: Intl.DateTimeFormat, epochSeconds: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatter.formatToParts(epochSeconds * 1000)) {
    switch (part.type) {
      case "year":
        year = Number(part.value);
        break;
      case "month":
        month = Number(part.value);
        break;
      case "day":
        day = Number(part.value);
        break;
      case "hour":
        hour = Number(part.value);
        break;
      case "minute":
        minute = Number(part.value);
        break;
      case "second":
        second = Number(part.value);
        break;
    }
  }
  return daysFromCivil(year, month, day) * SECONDS_PER_DAY + (hour * 60 + minute) * 60 + second - epochSeconds;
}

/** A UTC day's offsets: `before` until second `changeAt` of the day, `after` from then on (equal on most days). */
interface DayOffsets {
  before: number;
  after: number;
  changeAt: number;
}

/**
 * Maps an instant, given as a UTC day and a second within it, to the local
 * day in one zone. The split keeps every number a small integer: an epoch in
 * milliseconds would be a heap-allocated double on every row.
 */
export type LocalDay = (utcDay: number, secondOfDay: number) => number;

const UTC_NAMES = new Set(["UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Etc/Zulu", "Etc/UCT", "UCT", "Universal", "Zulu"]);

/** Days a zone's offset table covers densely around the first day seen: ±68 years, about 600 KB per parser. */
const DENSE_DAYS = 50_000;

export function zoneLocalDay(timeZone: string): LocalDay {
  if (UTC_NAMES.has(timeZone)) return (utcDay) => utcDay;
  const formatter = zoneFormatter(timeZone);
  // A typed-array table indexed by day beat a Map lookup per row (about 35 ns
  // a row on 1M rows in random date order); days outside the window, which
  // real files never reach, go through the Map.
  // Allocated on the first row, so compiling a definition only to validate it costs nothing.
  let base = 0;
  let known = new Uint8Array(0);
  let before = new Int32Array(0);
  let after = new Int32Array(0);
  let changeAt = new Int32Array(0);
  const farDays = new Map<number, DayOffsets>();
  return (utcDay, secondOfDay) => {
    if (known.length === 0) {
      base = utcDay - DENSE_DAYS / 2;
      known = new Uint8Array(DENSE_DAYS);
      before = new Int32Array(DENSE_DAYS);
      after = new Int32Array(DENSE_DAYS);
      changeAt = new Int32Array(DENSE_DAYS);
    }
    const slot = utcDay - base;
    let offset: number;
    if (slot >= 0 && slot < DENSE_DAYS) {
      if (known[slot] === 0) {
        const offsets = dayOffsets(formatter, utcDay);
        before[slot] = offsets.before;
        after[slot] = offsets.after;
        changeAt[slot] = offsets.changeAt;
        known[slot] = 1;
      }
      offset = secondOfDay < changeAt[slot]! ? before[slot]! : after[slot]!;
    } else {
      let offsets = farDays.get(utcDay);
      if (offsets === undefined) {
        offsets = dayOffsets(formatter, utcDay);
        farDays.set(utcDay, offsets);
      }
      offset = secondOfDay < offsets.changeAt ? offsets.before : offsets.after;
    }
    return utcDay + Math.floor((secondOfDay + offset) / SECONDS_PER_DAY);
  };
}

/**
 * Offsets change at most once within a UTC day in the tz database, so a day
 * whose first and last second share an offset has it throughout; otherwise a
 * binary search finds the second it changes (17 formatter calls, once per
 * transition day, instead of one per row on that day).
 */
function dayOffsets(formatter: Intl.DateTimeFormat, utcDay: number): DayOffsets {
  const dayStart = utcDay * SECONDS_PER_DAY;
  const before = zoneOffsetAt(formatter, dayStart);
  const after = zoneOffsetAt(formatter, dayStart + SECONDS_PER_DAY - 1);
  if (before === after) return { before, after, changeAt: SECONDS_PER_DAY };
  let low = 0;
  let high = SECONDS_PER_DAY - 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (zoneOffsetAt(formatter, dayStart + middle) === before) low = middle + 1;
    else high = middle;
  }
  return { before, after, changeAt: low };
}

// ---------------------------------------------------------------------------
// Parsing

/** The fields a date text names. All small integers, so V8 keeps them unboxed. */
interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  hasOffset: boolean;
  offsetMinutes: number;
}

const enum Token {
  Literal,
  Year4,
  Year2,
  Month2,
  Month1,
  Day2,
  Day1,
  Hour2,
  Minute2,
  Second2,
  Offset,
}

interface Segment {
  token: Token;
  /** For literals: the character code to match. */
  code: number;
}

const TOKENS: Record<string, Token> = {
  yyyy: Token.Year4,
  yy: Token.Year2,
  MM: Token.Month2,
  M: Token.Month1,
  dd: Token.Day2,
  d: Token.Day1,
  HH: Token.Hour2,
  mm: Token.Minute2,
  ss: Token.Second2,
  xx: Token.Offset,
};

const TOKEN_LETTERS = "yMdHmsx";
const KNOWN_TOKENS = "yyyy, yy, MM, M, dd, d, HH, mm, ss, xx";

/** Splits a format like "dd/MM/yyyy HH:mm xx" into segments, or explains why it cannot. */
export function compileDateFormat(format: string): Segment[] | string {
  const segments: Segment[] = [];
  const seen = new Set<string>();
  let index = 0;
  while (index < format.length) {
    const char = format[index]!;
    if (TOKEN_LETTERS.includes(char)) {
      let end = index;
      while (end < format.length && format[end] === char) end++;
      const token = format.slice(index, end);
      const kind = TOKENS[token];
      if (kind === undefined) return `"${token}" is not a date token; use ${KNOWN_TOKENS}`;
      // yyyy/yy, MM/M and dd/d each name one field.
      const field = char;
      if (seen.has(field)) return `"${token}" names a field that appears earlier in the format`;
      seen.add(field);
      segments.push({ token: kind, code: 0 });
      index = end;
      continue;
    }
    // Letters other than "T" are almost always a token we do not support
    // (MMM, hh, a, SSS, Z); failing here beats failing on every row.
    if (/[A-Za-z]/.test(char) && char !== "T") {
      return `"${char}" is not a date token; use ${KNOWN_TOKENS} (xx also reads "Z"), or "iso"`;
    }
    segments.push({ token: Token.Literal, code: char.charCodeAt(0) });
    index++;
  }
  if (!seen.has("y") || !seen.has("M") || !seen.has("d")) return "must contain a year (yyyy or yy), a month (MM or M) and a day (dd or d)";
  return segments;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Reads exactly `width` digits at `index`, or -1. */
function readFixedDigits(text: string, index: number, end: number, width: number): number {
  if (index + width > end) return -1;
  let value = 0;
  for (let i = index; i < index + width; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/**
 * Reads an offset "Z", "+hhmm", "-hhmm" or "+hh:mm" at `index`. Returns the
 * index after it and stores the minutes east of UTC in fields, or -1.
 */
function readOffset(text: string, index: number, end: number, fields: DateFields): number {
  const sign = text.charCodeAt(index);
  if (sign === 90 /* Z */ || sign === 122 /* z */) {
    fields.hasOffset = true;
    fields.offsetMinutes = 0;
    return index + 1;
  }
  if (sign !== 43 /* + */ && sign !== 45 /* - */ && sign !== 0x2212 /* − minus sign */) return -1;
  const hours = readFixedDigits(text, index + 1, end, 2);
  if (hours < 0) return -1;
  let next = index + 3;
  if (text.charCodeAt(next) === 58 /* : */) next++;
  const minutes = readFixedDigits(text, next, end, 2);
  if (minutes < 0) return -1;
  if (hours > 18 || minutes > 59) return -1;
  const total = hours * 60 + minutes;
  fields.hasOffset = true;
  fields.offsetMinutes = sign === 43 ? total : -total;
  return next + 2;
}

function resetFields(fields: DateFields): void {
  fields.year = 0;
  fields.month = 0;
  fields.day = 0;
  fields.hour = 0;
  fields.minute = 0;
  fields.second = 0;
  fields.hasOffset = false;
  fields.offsetMinutes = 0;
}

/** Why `text` does not match the format, or null when it does. Reads into fields. */
function readWithFormat(segments: readonly Segment[], text: string, start: number, end: number, fields: DateFields): string | null {
  let index = start;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s]!;
    let value: number;
    switch (segment.token) {
      case Token.Literal:
        if (text.charCodeAt(index) !== segment.code) return `expected "${String.fromCharCode(segment.code)}" at position ${index - start + 1}`;
        index++;
        continue;
      case Token.Offset:
        index = readOffset(text, index, end, fields);
        if (index < 0) return "expected an offset like +0100, -05:00 or Z";
        continue;
      case Token.Month1:
      case Token.Day1: {
        // One or two digits, greedy.
        const first = text.charCodeAt(index);
        if (!isDigit(first)) return `expected a digit at position ${index - start + 1}`;
        value = first - 48;
        index++;
        if (index < end && isDigit(text.charCodeAt(index))) {
          value = value * 10 + (text.charCodeAt(index) - 48);
          index++;
        }
        break;
      }
      default: {
        const width = segment.token === Token.Year4 ? 4 : 2;
        value = readFixedDigits(text, index, end, width);
        if (value < 0) return `expected ${width} digits at position ${index - start + 1}`;
        index += width;
      }
    }
    switch (segment.token) {
      case Token.Year4:
        fields.year = value;
        break;
      case Token.Year2:
        // POSIX strptime's pivot: 69–99 are 1969–1999, 00–68 are 2000–2068.
        fields.year = value >= 69 ? 1900 + value : 2000 + value;
        break;
      case Token.Month2:
      case Token.Month1:
        fields.month = value;
        break;
      case Token.Day2:
      case Token.Day1:
        fields.day = value;
        break;
      case Token.Hour2:
        fields.hour = value;
        break;
      case Token.Minute2:
        fields.minute = value;
        break;
      case Token.Second2:
        fields.second = value;
        break;
    }
  }
  if (index !== end) return `unexpected "${text.slice(index, end)}" after the date`;
  return null;
}

/**
 * ISO 8601 extended format: "YYYY-MM-DD", optionally followed by "T" or a
 * space, "HH:mm", ":ss", a fraction, and "Z" or an offset.
 */
function readIso(text: string, start: number, end: number, fields: DateFields): string | null {
  const invalid = "expected an ISO date like 2026-01-15 or 2026-01-15T10:30:00Z";
  fields.year = readFixedDigits(text, start, end, 4);
  if (fields.year < 0 || text.charCodeAt(start + 4) !== 45) return invalid;
  fields.month = readFixedDigits(text, start + 5, end, 2);
  if (fields.month < 0 || text.charCodeAt(start + 7) !== 45) return invalid;
  fields.day = readFixedDigits(text, start + 8, end, 2);
  if (fields.day < 0) return invalid;
  let index = start + 10;
  if (index === end) return null;
  const separator = text.charCodeAt(index);
  if (separator !== 84 /* T */ && separator !== 116 /* t */ && separator !== 32) return invalid;
  fields.hour = readFixedDigits(text, index + 1, end, 2);
  if (fields.hour < 0 || text.charCodeAt(index + 3) !== 58) return invalid;
  fields.minute = readFixedDigits(text, index + 4, end, 2);
  if (fields.minute < 0) return invalid;
  index += 6;
  if (index < end && text.charCodeAt(index) === 58) {
    fields.second = readFixedDigits(text, index + 1, end, 2);
    if (fields.second < 0) return invalid;
    index += 3;
    if (index < end && (text.charCodeAt(index) === 46 || text.charCodeAt(index) === 44)) {
      // Fractions of a second cannot move a day boundary on their own; skip them.
      index++;
      const fractionStart = index;
      while (index < end && isDigit(text.charCodeAt(index))) index++;
      if (index === fractionStart) return invalid;
    }
  }
  if (index === end) return null;
  // Exports such as Shopify's write "2026-01-22 05:24:08 -0500": allow one space before the offset.
  if (text.charCodeAt(index) === 32) index++;
  index = readOffset(text, index, end, fields);
  if (index !== end) return invalid;
  return null;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0;
}

/** Parses a text to a day number: null for blank text, a failure for text that is not a date. */
export type DayParser = (text: string) => number | null | TransformFailure;

/**
 * A parser for one format ("iso" or tokens) and zone. The caller has checked
 * the zone with resolveTimeZone; a bad format returns its explanation.
 */
export function compileDayParser(format: string, timeZone: string): DayParser | string {
  const parseRange = compileDayRangeParser(format, timeZone);
  if (typeof parseRange === "string") return parseRange;
  return (text) => parseRange(text, 0, text.length);
}

/**
 * The same parser over text[start, end): a reader can parse a field in place,
 * in the chunk it was read from, without a string per cell.
 */
export type DayRangeParser = (text: string, start: number, end: number) => number | null | TransformFailure;

export function compileDayRangeParser(format: string, timeZone: string): DayRangeParser | string {
  const segments = format === "iso" ? null : compileDateFormat(format);
  if (typeof segments === "string") return segments;
  const localDay = zoneLocalDay(timeZone);
  // One scratch record per parser, reused for every row.
  const fields: DateFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, hasOffset: false, offsetMinutes: 0 };
  return (text, from, to) => {
    let start = from;
    let end = to;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    if (start === end) return null;
    resetFields(fields);
    const problem = segments === null ? readIso(text, start, end, fields) : readWithFormat(segments, text, start, end, fields);
    if (problem !== null) return new TransformFailure(`not a date in format "${format}": ${problem}`);
    const { year, month, day, hour, minute, second, hasOffset, offsetMinutes } = fields;
    if (month < 1 || month > 12) return new TransformFailure(`month ${month} is not between 1 and 12`);
    if (day < 1 || day > daysInMonth(year, month)) return new TransformFailure(`day ${day} does not exist in ${year}-${String(month).padStart(2, "0")}`);
    if (hour > 23 || minute > 59 || second > 59) return new TransformFailure(`time ${hour}:${minute}:${second} is not a valid time of day`);
    const civilDay = daysFromCivil(year, month, day);
    if (!hasOffset) return civilDay;
    const secondsFromCivilMidnight = (hour * 60 + minute - offsetMinutes) * 60 + second;
    const dayShift = Math.floor(secondsFromCivilMidnight / SECONDS_PER_DAY);
    return localDay(civilDay + dayShift, secondsFromCivilMidnight - dayShift * SECONDS_PER_DAY);
  };
}
