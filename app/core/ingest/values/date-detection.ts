import type { DateProfile } from "../types";
import { monthFromName } from "./date-patterns";

/** Dates and datetimes: detecting a column's pattern (date-patterns.ts tokens) from its sampled values. */

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
