import { createContext, useContext } from "react";
import { currencyExponent } from "~/core/values/currency";

/**
 * Formatting at the edge of the UI. Money arrives as integer minor units and a
 * currency and is never turned into a float: the decimal string is built from
 * the integer and Intl formats that string (exact for any size).
 */
export function minorToDecimalString(minor: number | bigint | string, currency: string): string {
  const digits = currencyDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, "0");
  const whole = digits === 0 ? text : text.slice(0, -digits);
  const fraction = digits === 0 ? "" : `.${text.slice(-digits)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** ISO 4217 minor digits from the app's own table (JPY 0, USD 2, BHD 3, historic codes too); 2 for an unknown code. */
export function currencyDigits(currency: string): number {
  return currencyExponent(currency) ?? 2;
}

export function formatMoney(minor: number | string, currency: string, locale?: string): string {
  const decimal = minorToDecimalString(minor, currency);
  try {
    // Intl accepts a decimal string and keeps every digit of it.
    return new Intl.NumberFormat(locale, { style: "currency", currency }).format(decimal as unknown as number);
  } catch {
    return `${decimal} ${currency}`;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const countFormats = new Map<string, Intl.NumberFormat>();

/** A count with the locale's grouping: "2,007" (en), "2.007" (de). */
export function formatCount(value: number, locale = "en"): string {
  let format = countFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    countFormats.set(locale, format);
  }
  return format.format(value);
}

/** A share as a percentage with one decimal ("96.4%"), or "—" when there is nothing to divide. */
export function formatRate(part: number, whole: number, locale = "en"): string {
  if (whole <= 0) return "—";
  return new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(part / whole);
}

/**
 * How this reader's pages show times and numbers: their zone (a stored
 * preference, adopted from the browser at sign-in) and their language (the
 * request's Accept-Language). Both come from the server's loader, so the
 * server and the hydrating browser render the same text and nothing flips.
 */
export interface DisplaySettings {
  timeZone: string;
  locale: string;
}

export const DEFAULT_DISPLAY: DisplaySettings = { timeZone: "UTC", locale: "en-GB" };
const DisplayContext = createContext<DisplaySettings>(DEFAULT_DISPLAY);
export const DisplayProvider = DisplayContext.Provider;

export function useDisplay(): DisplaySettings {
  return useContext(DisplayContext);
}

type DateStyle = "datetime" | "date";

/** Building a DateTimeFormat costs far more than using one, and a grid shows hundreds of dates: one per locale, zone and style. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormatFor(locale: string, zone: string, style: DateStyle): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    // The one date-time format of the app: day, short month, year, 24-hour time and the zone's short name.
    format = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      day: "numeric",
      month: "short",
      year: "numeric",
      ...(style === "datetime" ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" as const, timeZoneName: "short" as const } : {}),
    });
    dateFormats.set(key, format);
  }
  return format;
}

/** An instant as text in the reader's format: "8 Dec 2026, 10:36 GMT+13"; "8 Dec 2026" for style "date". */
export function formatDateTime(value: string | Date, display: DisplaySettings, style: DateStyle = "datetime"): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return "—";
  return dateFormatFor(display.locale, display.timeZone, style).format(date);
}

/** A calendar day (YYYY-MM-DD, already in the reader's zone) as a short label: "8 Nov", for chart axes. */
export function formatDayLabel(day: string, locale: string): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return dayLabelFormat(locale).format(new Date(Date.UTC(year, month - 1, date)));
}

const dayLabelFormats = new Map<string, Intl.DateTimeFormat>();
function dayLabelFormat(locale: string): Intl.DateTimeFormat {
  let format = dayLabelFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
    dayLabelFormats.set(locale, format);
  }
  return format;
}

/**
 * A timestamp in the reader's zone (or an explicit one, such as a schedule's
 * own zone), with the zone named. The same text on the server and after
 * hydration; the title holds the exact instant.
 */
export function LocalTime({ iso, style = "datetime", timeZone, className }: { iso: string | null | undefined; style?: DateStyle; timeZone?: string; className?: string }) {
  const display = useDisplay();
  if (!iso) return <span className={className}>—</span>;
  const zone = timeZone ?? display.timeZone;
  return (
    <time dateTime={iso} title={`${iso} (${zone})`} className={className}>
      {formatDateTime(iso, { locale: display.locale, timeZone: zone }, style)}
    </time>
  );
}

/** "3 min ago"-style text, relative to now. Only for hints next to an absolute time. */
export function formatAge(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
