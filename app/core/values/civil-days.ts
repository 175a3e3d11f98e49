/** Day numbers (days since 1970-01-01) of proleptic Gregorian dates, and back. */

export const SECONDS_PER_DAY = 86_400;

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

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}


/**
 * Day numbers of the first of every month in 1900–2199, and the month
 * lengths, filled on first use: the parsers' hot path turns a valid date into
 * its day number with two loads instead of daysInMonth and daysFromCivil.
 * Dates outside the table take the arithmetic above.
 */
const MONTH_TABLE_FIRST_YEAR = 1900;
const MONTH_TABLE_YEARS = 300;
let monthStarts: Int32Array | null = null;
let monthLengths: Uint8Array | null = null;

function fillMonthTable(): void {
  const months = MONTH_TABLE_YEARS * 12;
  monthStarts = new Int32Array(months);
  monthLengths = new Uint8Array(months);
  for (let index = 0; index < months; index++) {
    const year = MONTH_TABLE_FIRST_YEAR + Math.floor(index / 12);
    const month = (index % 12) + 1;
    monthStarts[index] = daysFromCivil(year, month, 1);
    monthLengths[index] = daysInMonth(year, month);
  }
}

/**
 * The day number of year-month-day when the month is in the table and the day
 * exists in it; otherwise NaN, and the caller takes the checks above, which
 * say what is wrong with the date.
 */
export function tabledCivilDay(year: number, month: number, day: number): number {
  if (monthStarts === null) fillMonthTable();
  const index = (year - MONTH_TABLE_FIRST_YEAR) * 12 + month - 1;
  if (month < 1 || month > 12 || index < 0 || index >= monthStarts!.length || day < 1 || day > monthLengths![index]!) return Number.NaN;
  return monthStarts![index]! + day - 1;
}
