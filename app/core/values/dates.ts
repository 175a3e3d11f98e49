import { TransformFailure } from "./transform-failure";
import { SECONDS_PER_DAY, daysFromCivil, daysInMonth, tabledCivilDay } from "./civil-days";
import { compileDateFormat, isBlank, readIso, readWithFormat, resetFields, type DateFields } from "./date-formats";
import { compileFixedWidthReader } from "./fixed-width-dates";
import { zoneLocalDay } from "./time-zones";

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
export { daysFromCivil, formatIsoDay } from "./civil-days";
export { compileDateFormat } from "./date-formats";
export { resolveTimeZone, zoneFormatter, zoneLocalDay, type LocalDay } from "./time-zones";

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

/**
 * Formats whose fields all have a fixed width (Shopify's "yyyy-MM-dd HH:mm:ss
 * xx", Stripe's "yyyy-MM-dd HH:mm:ss") take a fast path: the fixed-width
 * reader, a month table for the day number and no division. Any cell it does
 * not accept, and any date it finds out of range, goes the generic way, so
 * days and failure messages are the generic path's (issue #21).
 */
export function compileDayRangeParser(format: string, timeZone: string): DayRangeParser | string {
  return compileRangeParser(format, timeZone, true);
}

/**
 * @internal The same parser without the fixed-width fast path: the reference
 * the property tests hold compileDayRangeParser to, cell for cell.
 */
export function compileGenericDayRangeParser(format: string, timeZone: string): DayRangeParser | string {
  return compileRangeParser(format, timeZone, false);
}

function compileRangeParser(format: string, timeZone: string, fast: boolean): DayRangeParser | string {
  const segments = format === "iso" ? null : compileDateFormat(format);
  if (typeof segments === "string") return segments;
  const localDay = zoneLocalDay(timeZone);
  // One scratch record per parser, reused for every row.
  const fields: DateFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, hasOffset: false, offsetMinutes: 0 };

  /** The day of what was read into fields, or why those fields are not a date. */
  const dayOfFields = (): number | TransformFailure => {
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

  /** The generic path for a trimmed, non-blank cell: it reads every format and explains every failure. */
  const readDay = (text: string, start: number, end: number): number | TransformFailure => {
    resetFields(fields);
    const problem = segments === null ? readIso(text, start, end, fields) : readWithFormat(segments, text, start, end, fields);
    if (problem !== null) return new TransformFailure(`not a date in format "${format}": ${problem}`);
    return dayOfFields();
  };

  const readFixed = fast && segments !== null ? compileFixedWidthReader(segments) : null;
  if (readFixed === null) {
    return (text, from, to) => {
      let start = from;
      let end = to;
      while (start < end && isBlank(text.charCodeAt(start))) start++;
      while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
      if (start === end) return null;
      return readDay(text, start, end);
    };
  }
  return (text, from, to) => {
    let start = from;
    let end = to;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    if (start === end) return null;
    if (!readFixed(text, start, end, fields)) return readDay(text, start, end);
    const { hour, minute, second } = fields;
    const civilDay = tabledCivilDay(fields.year, fields.month, fields.day);
    // A date or time out of range, or a year outside the table, is rare: dayOfFields deals with it.
    if (Number.isNaN(civilDay) || hour > 23 || minute > 59 || second > 59) return dayOfFields();
    if (!fields.hasOffset) return civilDay;
    const secondsFromCivilMidnight = (hour * 60 + minute - fields.offsetMinutes) * 60 + second;
    // Within a valid time and an offset of at most ±18:59 the instant is at most a day either side.
    const dayShift = secondsFromCivilMidnight < 0 ? -1 : secondsFromCivilMidnight >= SECONDS_PER_DAY ? 1 : 0;
    return localDay(civilDay + dayShift, secondsFromCivilMidnight - dayShift * SECONDS_PER_DAY);
  };
}
