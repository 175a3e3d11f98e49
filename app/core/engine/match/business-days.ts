import { MatchConfigurationError } from "./errors";
import { daysFromCivil } from "~/core/values/dates";

/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC), the unit
 * CanonicalTable.date uses. Pure integer math: no Date objects, no time zone,
 * no clock.
 */

/** Weekday holidays as sorted, distinct day numbers (weekend holidays add nothing: weekends never count). */
export interface BusinessCalendar {
  readonly holidays: Int32Array;
}

/** Proleptic Gregorian date → day number; one implementation for the whole engine. */
export const dayNumberFromCivil = daysFromCivil;

/** Day number → "YYYY-MM-DD" (Hinnant's civil_from_days). */
export function isoDate(dayNumber: number): string {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const yyyy = year < 0 ? `-${String(-year).padStart(4, "0")}` : String(year).padStart(4, "0");
  return `${yyyy}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "2026-01-15" → day number; rejects impossible dates such as 2026-02-30 instead of rolling them over. */
export function dayNumberFromIso(iso: string): number {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!parts) throw new MatchConfigurationError(null, `holiday "${iso}" is not a YYYY-MM-DD date`);
  const dayNumber = dayNumberFromCivil(Number(parts[1]), Number(parts[2]), Number(parts[3]));
  if (isoDate(dayNumber) !== iso) throw new MatchConfigurationError(null, `holiday "${iso}" is not a calendar date`);
  return dayNumber;
}

/** 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday. */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

export function createBusinessCalendar(holidays: readonly string[]): BusinessCalendar {
  const weekdayHolidays = new Set<number>();
  for (const iso of holidays) {
    const dayNumber = dayNumberFromIso(iso);
    const dow = weekday(dayNumber);
    if (dow !== 0 && dow !== 6) weekdayHolidays.add(dayNumber);
  }
  const sorted = Int32Array.from(weekdayHolidays);
  sorted.sort();
  return { holidays: sorted };
}

/**
 * Weekdays in (−∞, dayNumber], up to a constant: a prefix count whose
 * differences give weekdays in any half-open range, for negative day numbers
 * too (floor division). Day −3 (1969-12-29) is a Monday.
 */
function weekdayPrefix(dayNumber: number): number {
  const sinceMonday = dayNumber + 3;
  const weeks = Math.floor(sinceMonday / 7);
  const dayInWeek = sinceMonday - weeks * 7;
  return weeks * 5 + Math.min(dayInWeek + 1, 5);
}

/** Number of holidays h with lo < h ≤ hi. */
function holidaysIn(calendar: BusinessCalendar, lo: number, hi: number): number {
  return upperBound(calendar.holidays, hi) - upperBound(calendar.holidays, lo);
}

function upperBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Business days between two dates: the business days in (earlier, later],
 * i.e. how many business days one steps forward from the earlier date to
 * reach the later one. Friday → Monday is 1; Friday → Saturday is 0; a
 * weekday holiday in between does not count. Symmetric in its arguments.
 */
export function businessDaysBetween(calendar: BusinessCalendar, a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === hi) return 0;
  return weekdayPrefix(hi) - weekdayPrefix(lo) - holidaysIn(calendar, lo, hi);
}

/**
 * A calendar-day distance no business-day window of `windowDays` can exceed,
 * used only to block candidates by sorted date before the exact check: n
 * consecutive days hold at least 5·⌊n/7⌋ weekdays, and at most `windowDays`
 * of the weekdays in the span are business days, the rest being holidays.
 */
export function calendarDaysCovering(calendar: BusinessCalendar, windowDays: number): number {
  return Math.floor(((windowDays + calendar.holidays.length) * 7) / 5) + 7;
}
