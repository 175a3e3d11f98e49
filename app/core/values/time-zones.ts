import { SECONDS_PER_DAY, daysFromCivil } from "./civil-days";

// IANA time zones: a formatter per zone, its offsets, and the local day of a UTC instant.

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
    // Offsets stay well within a day, so the local day is the UTC day or one either side: no division per row.
    const localSecond = secondOfDay + offset;
    if (localSecond < 0) return localSecond < -SECONDS_PER_DAY ? utcDay + Math.floor(localSecond / SECONDS_PER_DAY) : utcDay - 1;
    if (localSecond >= SECONDS_PER_DAY) return localSecond >= 2 * SECONDS_PER_DAY ? utcDay + Math.floor(localSecond / SECONDS_PER_DAY) : utcDay + 1;
    return utcDay;
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

