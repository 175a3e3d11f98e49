import { useEffect, useState } from "react";

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

const digitsCache = new Map<string, number>();

/** ISO 4217 minor digits as the runtime's Intl knows them (JPY 0, USD 2, BHD 3). */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
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

export function formatCount(value: number): string {
  return new Intl.NumberFormat("en").format(value);
}

/** The browser's zone after hydration; UTC on the server and the first render, so both render the same text. */
export function useBrowserTimeZone(): string {
  const [zone, setZone] = useState("UTC");
  useEffect(() => {
    setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  }, []);
  return zone;
}

/**
 * A timestamp in the reader's time zone. The server renders it in UTC; after
 * hydration it switches to the browser's zone. The fixed-width format keeps
 * the text the same length, so the swap moves nothing on the page.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Building a DateTimeFormat costs far more than using one, and a grid shows hundreds of dates: one per zone and style. */
function dateFormatFor(zone: string, style: "datetime" | "date"): Intl.DateTimeFormat {
  const key = `${zone}|${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...(style === "datetime" ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" as const } : {}),
    });
    dateFormats.set(key, format);
  }
  return format;
}

export function LocalTime({ iso, style = "datetime", className }: { iso: string; style?: "datetime" | "date"; className?: string }) {
  const zone = useBrowserTimeZone();
  const date = new Date(iso);
  const text = dateFormatFor(zone, style).format(date).replace(",", "");
  return (
    <time dateTime={iso} title={`${iso} (shown in ${zone})`} className={className}>
      {text}
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
