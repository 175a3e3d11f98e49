import { isoDate, yearOfTwoDigits } from "../support/dates";

/**
 * SWIFT dates as German and other banks really write them. Interest value
 * dates are computed on a 30-day month (30/360), so "30 February" and
 * "31 April" occur in genuine statements. The rule: a day past the month's
 * end is clamped to the month's last day (980230 -> 1998-02-28), the source
 * column keeps the text as written, and the reader adds a located warning.
 * A month outside 1–12 or a day outside 1–31 is no date at all.
 */
export interface LenientDate {
  iso: string;
  /** The written day did not exist and was clamped to the month's last day. */
  clamped: boolean;
}

export function lenientDate(year: number, month: number, day: number): LenientDate | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  for (let clampedDay = day; clampedDay >= 28; clampedDay--) {
    const iso = isoDate(year, month, clampedDay);
    if (iso !== null) return { iso, clamped: clampedDay !== day };
  }
  const iso = isoDate(year, month, day);
  return iso === null ? null : { iso, clamped: false };
}

/** YYMMDD (70–99 are 19xx) with the clamping rule above. */
export function lenientYymmdd(text: string): LenientDate | null {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  return lenientDate(yearOfTwoDigits(Number(match[1])), Number(match[2]), Number(match[3]));
}

/**
 * The :61: entry date has no year: take the one that puts it closest to the
 * value date (entries cross New Year).
 */
export function entryDateNear(valueDate: string, mmdd: string): LenientDate | null {
  const year = Number(valueDate.slice(0, 4));
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(2, 4));
  const candidates = [year - 1, year, year + 1].map((y) => lenientDate(y, month, day)).filter((date): date is LenientDate => date !== null);
  if (candidates.length === 0) return null;
  const distance = (date: LenientDate) => Math.abs(Date.parse(date.iso) - Date.parse(valueDate));
  return candidates.reduce((best, date) => (distance(date) < distance(best) ? date : best));
}
