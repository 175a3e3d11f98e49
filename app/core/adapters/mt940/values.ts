import { currencyDigits } from "../support/historic-currencies";
import { decimalToMinor } from "../support/money";
import { entryDateNear, lenientYymmdd, type LenientDate } from "./dates";
import type { Findings } from "./findings";
import type { SwiftField } from "./tokenizer";

/**
 * The value grammars of the MT940/MT942 tags (SWIFT MT940/942 usage
 * guidelines, Category 9): balances 1!a6!n3!a15d, the :61: statement line
 * 6!n[4!n]2a[1!a]15d1!a3!c16x[//16x][34x], :34F: 3!a[1!a]15d, :90D:/:90C:
 * 5n3!a15d, :13D: 6!n4!n1!x4!n. Amounts use a decimal comma.
 */

export const SWIFT_DECIMAL = { decimalSeparator: "," } as const;

export interface Money {
  currency: string;
  exponent: number;
}

export interface Balance extends Money {
  tag: string;
  minor: bigint;
  line: number;
  /** Column of the currency code, to point at a mismatch. */
  currencyColumn: number;
}

const BALANCE = /^([CD])(\d{6})([A-Z]{3})(\d{1,15},\d*)$/;
// Entry date: four digits, or four blanks where a bank leaves it out. Type: N/F/S and three
// characters, which some banks pad with blanks ("S   ").
const STATEMENT_LINE = /^(\d{6})(\d{4}| {4})?(RC|RD|C|D)([A-Z])?(\d{1,15},\d*)([NSF][A-Z0-9 ]{3})(.*)$/;

export function fieldValue(field: SwiftField): string {
  return field.lines.join("").trim();
}

/** The currency's exponent (current or historic ISO 4217), warning about a historic code; null after an error. */
export function moneyOf(currency: string, field: SwiftField, column: number, findings: Findings, warnHistoric: boolean): Money | null {
  const digits = currencyDigits(currency);
  const tag = `:${field.tag}:`;
  if (!digits) {
    findings.error(field.line, `"${currency}" is not an ISO 4217 currency code`, { column, field: tag, value: currency });
    return null;
  }
  if (digits.historic && warnHistoric) {
    findings.warning(field.line, `${currency} is a withdrawn (historic) ISO 4217 code: amounts are read with its ${digits.exponent} minor digits and not converted`, { column, field: tag, value: currency });
  }
  return { currency, exponent: digits.exponent };
}

export function minorOf(text: string, money: Money, field: SwiftField, column: number, findings: Findings): bigint | null {
  const minor = decimalToMinor(text, money.exponent, SWIFT_DECIMAL);
  if (typeof minor === "string") {
    findings.error(field.line, minor, { column, field: `:${field.tag}:`, value: text });
    return null;
  }
  return minor;
}

export function dateOf(text: string, field: SwiftField, column: number, findings: Findings, label: string): LenientDate | null {
  const date = lenientYymmdd(text);
  const tag = `:${field.tag}:`;
  if (date === null) findings.error(field.line, `"${text}" is not a YYMMDD ${label}`, { column, field: tag, value: text });
  else if (date.clamped) warnClamped(date, text, field, column, findings, label);
  return date;
}

function warnClamped(date: LenientDate, text: string, field: SwiftField, column: number, findings: Findings, label: string): void {
  findings.warning(field.line, `the ${label} "${text}" is not a calendar day: read as the month's last day, ${date.iso}`, { column, field: `:${field.tag}:`, value: text });
}

export function balanceOf(field: SwiftField, findings: Findings, warnHistoric: boolean): Balance | null {
  const value = fieldValue(field);
  const match = BALANCE.exec(value);
  const tag = `:${field.tag}:`;
  if (!match) {
    findings.error(field.line, "a balance is written C|D, YYMMDD, currency and amount with a decimal comma, e.g. C260105EUR1234,56", { field: tag, value });
    return null;
  }
  const [, mark, dateText, currency, amountText] = match;
  const column = field.valueColumn;
  dateOf(dateText!, field, column + 1, findings, "balance date");
  const money = moneyOf(currency!, field, column + 7, findings, warnHistoric);
  if (!money) return null;
  const minor = minorOf(amountText!, money, field, column + 10, findings);
  if (minor === null) return null;
  return { ...money, tag: field.tag, minor: mark === "D" ? -minor : minor, line: field.line, currencyColumn: column + 7 };
}

export interface StatementLine {
  valueText: string;
  entryText: string | null;
  mark: string;
  fundsCode: string | null;
  amountText: string;
  type: string;
  customerReference: string | null;
  bankReference: string | null;
  supplementary: string | null;
  valueDate: string | null;
  entryDate: string | null;
  /** Signed minor units: C and RD (reversal of a debit) add money, D and RC take it away. */
  minor: bigint | null;
}

export function statementLineOf(field: SwiftField, money: Money, findings: Findings): StatementLine | null {
  const [first, ...rest] = field.lines;
  const match = STATEMENT_LINE.exec(first!.trim());
  if (!match) {
    findings.error(field.line, "a :61: line is value date YYMMDD, [entry date MMDD], C/D/RC/RD, [funds code], amount with a decimal comma, type (e.g. NTRF), references", {
      field: ":61:",
      value: first,
    });
    return null;
  }
  const [, valueText, entryWritten, mark, fundsCode, amountText, type, references] = match;
  const column = field.valueColumn + (first!.length - first!.trimStart().length);
  const value = dateOf(valueText!, field, column, findings, "value date");
  const entryText = entryWritten === undefined || entryWritten.trim() === "" ? null : entryWritten;
  let entry: LenientDate | null = null;
  if (entryText !== null && value !== null) {
    entry = entryDateNear(value.iso, entryText);
    if (entry === null) findings.error(field.line, `"${entryText}" is not an MMDD entry date`, { field: ":61:", column: column + 6, value: entryText });
    else if (entry.clamped) warnClamped(entry, entryText, field, column + 6, findings, "entry date");
  }
  const amountColumn = column + 6 + (entryWritten?.length ?? 0) + mark!.length + (fundsCode?.length ?? 0);
  const unsigned = minorOf(amountText!, money, field, amountColumn, findings);
  const credit = mark === "C" || mark === "RD";
  const [customerReference, bankReference] = splitReferences(references!);
  return {
    valueText: valueText!,
    entryText,
    mark: mark!,
    fundsCode: fundsCode ?? null,
    amountText: amountText!,
    type: type!.trimEnd(),
    customerReference,
    bankReference,
    supplementary: rest.map((line) => line.trim()).join(" ").trim() || null,
    valueDate: value?.iso ?? null,
    entryDate: entry?.iso ?? null,
    minor: unsigned === null ? null : credit ? unsigned : -unsigned,
  };
}

function splitReferences(text: string): [string | null, string | null] {
  const separator = text.indexOf("//");
  if (separator < 0) return [text.trim() || null, null];
  return [text.slice(0, separator).trim() || null, text.slice(separator + 2).trim() || null];
}

/** :34F: floor limit, 3!a[1!a]15d: the currency MT942 entries are in. */
export function floorLimitOf(field: SwiftField, findings: Findings, warnHistoric: boolean): (Money & { line: number; tag: string; currencyColumn: number }) | null {
  const value = fieldValue(field);
  const match = /^([A-Z]{3})([DC])?(\d{1,15},\d*)$/.exec(value);
  if (!match) {
    findings.error(field.line, "a floor limit is written currency, [D|C], amount with a decimal comma, e.g. EURD0,", { field: ":34F:", value });
    return null;
  }
  const money = moneyOf(match[1]!, field, field.valueColumn, findings, warnHistoric);
  if (!money) return null;
  if (minorOf(match[3]!, money, field, field.valueColumn + 3 + (match[2]?.length ?? 0), findings) === null) return null;
  return { ...money, line: field.line, tag: field.tag, currencyColumn: field.valueColumn };
}

export interface EntryTotal extends Money {
  count: number;
  minor: bigint;
  line: number;
  tag: string;
  currencyColumn: number;
}

/** :90D:/:90C: number and sum of debit/credit entries, 5n3!a15d. */
export function entryTotalOf(field: SwiftField, findings: Findings): EntryTotal | null {
  const value = fieldValue(field);
  const match = /^(\d{1,5})([A-Z]{3})(\d{1,15},\d*)$/.exec(value);
  const tag = `:${field.tag}:`;
  if (!match) {
    findings.error(field.line, "an entry total is written number of entries, currency and amount with a decimal comma, e.g. 3EUR1234,56", { field: tag, value });
    return null;
  }
  const currencyColumn = field.valueColumn + match[1]!.length;
  const money = moneyOf(match[2]!, field, currencyColumn, findings, false);
  if (!money) return null;
  const minor = minorOf(match[3]!, money, field, currencyColumn + 3, findings);
  if (minor === null) return null;
  return { ...money, count: Number(match[1]), minor, line: field.line, tag: field.tag, currencyColumn };
}

/** :13D: date/time indication, YYMMDDhhmm±hhmm; the value is kept as written. */
export function dateTimeIndicationOf(field: SwiftField, findings: Findings): string | null {
  const value = fieldValue(field);
  const match = /^(\d{6})(\d{2})(\d{2})([+-])(\d{4})$/.exec(value);
  if (!match || Number(match[2]) > 23 || Number(match[3]) > 59) {
    findings.error(field.line, "a date/time indication is written YYMMDDhhmm and a UTC offset, e.g. 2603061430+0100", { field: ":13D:", value });
    return null;
  }
  return dateOf(match[1]!, field, field.valueColumn, findings, "date/time indication") === null ? null : value;
}
