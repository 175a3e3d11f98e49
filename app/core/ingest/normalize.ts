import type { AmountProfile, ColumnProfile, DateProfile, NormalizedValue } from "./types";
import { plainAmountPattern, readAmount, toMinorUnits } from "./values/amount";
import { currencyExponent, currencyOfSymbol, isIsoCurrencyCode } from "~/core/values/currency";
import { compileDatePattern, formatIsoDate, isKnownTimeZone, parseDateParts, toInstant } from "./values/date-patterns";
import { isNullToken } from "./values/nulls";

/**
 * One cell to its typed value: amounts to integer minor units at the ISO 4217
 * exponent, dates to "YYYY-MM-DD", datetimes to an ISO instant. The raw text
 * is always kept beside the value, and a cell that does not fit its column's
 * type gets an error instead of a guess.
 */

type Converter = (text: string) => string | number | boolean | { error: string };

const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, false: false, yes: true, no: false, y: true, n: false };

export function parseBoolean(text: string): boolean | undefined {
  return BOOLEANS[text.toLowerCase()];
}

const INTEGER = /^[+-]?\d+$/;

export function parseInteger(text: string): number | { error: string } {
  if (!INTEGER.test(text)) return { error: "not an integer" };
  const value = Number(text);
  if (!Number.isSafeInteger(value)) return { error: "is too large to hold exactly" };
  return value === 0 ? 0 : value;
}

/** Amount exponent: the caller's currency, else the one the value or column names, else 2 (most currencies). */
function amountConverter(format: AmountProfile, currencyCode: string | undefined): Converter {
  const fixedExponent = currencyCode === undefined ? undefined : currencyExponent(currencyCode);
  if (currencyCode !== undefined && fixedExponent === undefined) return () => ({ error: `"${currencyCode}" is not an ISO 4217 currency code` });
  const columnCurrency = currencyOfSymbol(format.currencySymbol);
  return (text) => {
    const read = readAmount(text, format);
    if (typeof read === "string") return { error: read };
    if (currencyCode !== undefined && read.currency !== undefined && read.currency !== currencyCode.toUpperCase()) {
      return { error: `is in ${read.currency}, not ${currencyCode.toUpperCase()}` };
    }
    const currency = currencyCode?.toUpperCase() ?? read.currency ?? columnCurrency;
    const exponent = fixedExponent ?? (currency === undefined ? undefined : currencyExponent(currency)) ?? 2;
    const minor = toMinorUnits(read, format, exponent);
    if (typeof minor === "number") return minor;
    return { error: `${minor} (${currency === undefined ? "no currency given, 2 assumed" : `${currency} has ${exponent}`})` };
  };
}

function dateConverter(date: DateProfile | undefined, asInstant: boolean): Converter {
  if (!date) return () => ({ error: "the column has no date pattern" });
  const compiled = compileDatePattern(date.pattern);
  if (typeof compiled === "string") return () => ({ error: `date pattern "${date.pattern}": ${compiled}` });
  const timeZone = date.timeZone ?? "UTC";
  if (asInstant && !isKnownTimeZone(timeZone)) return () => ({ error: `unknown time zone "${timeZone}"` });
  return (text) => {
    const parts = parseDateParts(text, compiled);
    if (typeof parts === "string") return { error: `not a date in format "${date.pattern}": ${parts}` };
    return asInstant ? toInstant(parts, timeZone) : formatIsoDate(parts);
  };
}

function compile(column: ColumnProfile, currencyCode: string | undefined): Converter {
  switch (column.type) {
    case "string":
    case "empty":
      return (text) => text;
    case "integer":
      return parseInteger;
    case "boolean":
      return (text) => parseBoolean(text) ?? { error: "not a boolean (true/false, yes/no, y/n)" };
    case "currency":
      return (text) => (isIsoCurrencyCode(text.toUpperCase()) ? text.toUpperCase() : { error: "not an ISO 4217 currency code" });
    case "amount":
      return column.amount ? amountConverter(column.amount, currencyCode) : () => ({ error: "the column has no amount format" });
    case "date":
      return dateConverter(column.date, false);
    case "datetime":
      return dateConverter(column.date, true);
  }
}

/** Compiled per column profile (and currency): regexes and parsers are built once, not once per cell. */
const converters = new WeakMap<ColumnProfile, Map<string, Converter>>();

function converterFor(column: ColumnProfile, currencyCode: string | undefined): Converter {
  let byCurrency = converters.get(column);
  if (!byCurrency) {
    byCurrency = new Map();
    converters.set(column, byCurrency);
  }
  const key = currencyCode ?? "";
  let converter = byCurrency.get(key);
  if (!converter) {
    converter = compile(column, currencyCode);
    byCurrency.set(key, converter);
  }
  return converter;
}

export function normalizeCell(raw: string | null, column: ColumnProfile, currencyCode?: string): NormalizedValue {
  if (isNullToken(raw)) return { raw, value: null };
  const text = column.type === "string" || column.type === "empty" ? raw! : raw!.trim();
  const value = converterFor(column, currencyCode)(text);
  if (typeof value === "object") return { raw, value: null, error: value.error };
  return { raw, value };
}

type CellCheck = (text: string) => string | null;

function compileCheck(column: ColumnProfile): CellCheck {
  if (column.type === "amount" && column.amount) {
    const format = column.amount;
    const plain = plainAmountPattern(format);
    const convert = converterFor(column, undefined);
    return (text) => {
      if (plain.test(text)) return null;
      const read = readAmount(text, format);
      if (typeof read === "string") return read;
      // The scale is checked only when the value names its currency: the file's currency is not known yet.
      if (read.currency === undefined) return null;
      const value = convert(text);
      return typeof value === "object" ? value.error : null;
    };
  }
  if ((column.type === "date" || column.type === "datetime") && column.date) {
    const pattern = column.date.pattern;
    const compiled = compileDatePattern(pattern);
    if (typeof compiled === "string") return () => `date pattern "${pattern}": ${compiled}`;
    // Parsing proves the date; formatting it (what normalizeCell adds) cannot fail.
    return (text) => {
      const parts = parseDateParts(text, compiled);
      return typeof parts === "string" ? `not a date in format "${pattern}": ${parts}` : null;
    };
  }
  const convert = converterFor(column, undefined);
  return (text) => {
    const value = convert(text);
    return typeof value === "object" ? value.error : null;
  };
}

const checks = new WeakMap<ColumnProfile, CellCheck>();

/**
 * Why a cell cannot be normalized, or null. Reading checks every cell of a
 * typed column this way, so the checks are compiled once per column.
 */
export function cellProblem(raw: string, column: ColumnProfile): string | null {
  if (column.type === "string" || column.type === "empty") return null;
  if (isNullToken(raw)) return null;
  let check = checks.get(column);
  if (!check) {
    check = compileCheck(column);
    checks.set(column, check);
  }
  return check(raw.trim());
}
