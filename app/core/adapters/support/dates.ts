/**
 * The date shapes provider files write, read to ISO yyyy-mm-dd exactly as
 * written: a Shopify "2026-01-22 05:24:08 -0500" is 2026-01-22, the shop's
 * own calendar day. Shifting to UTC is a rule-set decision (parseDate with a
 * time zone), not a parsing one.
 */

export type DateShape = "ymd" | "ymd-slash" | "mdy-slash" | "dmy-dot" | "dmy-dot-yy" | "dmy-dash" | "yyyymmdd" | "yymmdd";

const SHAPES: Record<DateShape, RegExp> = {
  // 2026-01-05, 2026-01-05 14:58:43, 2026-01-05T14:58:43+01:00, 2026-01-05 08:00:00 UTC
  ymd: /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/,
  // 2026/01/05 03:09:39 -0700 (PayPal)
  "ymd-slash": /^(\d{4})\/(\d{2})\/(\d{2})(?:$| )/,
  // 01/08/2026 (US banks)
  "mdy-slash": /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/,
  // 05.01.2026 or 05.01.2026 08:00:00 UTC (Amazon EU marketplaces)
  "dmy-dot": /^(\d{2})\.(\d{2})\.(\d{4})(?:$| )/,
  // 05.01.26 (Sparkasse CSV-CAMT)
  "dmy-dot-yy": /^(\d{2})\.(\d{2})\.(\d{2})$/,
  // 05-01-2026 (ING's "Valutadatum:" in Mededelingen)
  "dmy-dash": /^(\d{2})-(\d{2})-(\d{4})$/,
  // 20260105 (ING Netherlands CSV)
  yyyymmdd: /^(\d{4})(\d{2})(\d{2})$/,
  // 260105 (SWIFT MT940, BAI2)
  yymmdd: /^(\d{2})(\d{2})(\d{2})$/,
};

/** ISO date of a text in the given shape, or null when it is not one (or not a real calendar day). */
export function isoDateOf(text: string, shape: DateShape): string | null {
  const match = SHAPES[shape].exec(text.trim());
  if (!match) return null;
  let year: number;
  let month: number;
  let day: number;
  switch (shape) {
    case "ymd":
    case "ymd-slash":
    case "yyyymmdd":
      [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      break;
    case "mdy-slash":
      [month, day, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
      break;
    case "dmy-dot":
    case "dmy-dash":
      [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
      break;
    case "dmy-dot-yy":
      [day, month, year] = [Number(match[1]), Number(match[2]), yearOfTwoDigits(Number(match[3]))];
      break;
    case "yymmdd":
      year = yearOfTwoDigits(Number(match[1]));
      [month, day] = [Number(match[2]), Number(match[3])];
      break;
  }
  return isoDate(year, month, day);
}

/** SWIFT and BAI write two-digit years; statements are about recent days, so 70–99 are 19xx and the rest 20xx. */
export function yearOfTwoDigits(yy: number): number {
  return yy >= 70 ? 1900 + yy : 2000 + yy;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
