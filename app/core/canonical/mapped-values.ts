import { decimalToMinor, formatMinor } from "~/core/adapters/support/money";
import { isoDate, yearOfTwoDigits } from "~/core/adapters/support/dates";

/**
 * Reading one cell as a canonical value the way a column mapping says:
 * dates in a declared format, numbers with declared separators. Each reader
 * returns the canonical text, or a message saying why the cell does not fit.
 */

export type Parsed = { value: string } | { problem: string };

interface CompiledDateFormat {
  regex: RegExp;
  /** Capture group → part. */
  parts: Array<"year4" | "year2" | "month" | "day">;
}

const DATE_TOKENS: ReadonlyArray<[string, string, CompiledDateFormat["parts"][number]]> = [
  ["yyyy", "(\\d{4})", "year4"],
  ["yy", "(\\d{2})", "year2"],
  ["MM", "(\\d{2})", "month"],
  ["M", "(\\d{1,2})", "month"],
  ["dd", "(\\d{2})", "day"],
  ["d", "(\\d{1,2})", "day"],
];

function compileDateFormat(format: string): CompiledDateFormat | string {
  let source = "^";
  const parts: CompiledDateFormat["parts"] = [];
  let i = 0;
  while (i < format.length) {
    const token = DATE_TOKENS.find(([text]) => format.startsWith(text, i));
    if (token) {
      source += token[1];
      parts.push(token[2]);
      i += token[0].length;
      continue;
    }
    const char = format[i]!;
    if (/[A-Za-z]/.test(char)) return `"${char}" is not a date format letter: use yyyy or yy, MM or M, dd or d`;
    source += char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    i++;
  }
  const has = (wanted: Array<CompiledDateFormat["parts"][number]>) => parts.filter((part) => wanted.includes(part)).length;
  if (has(["year4", "year2"]) !== 1 || has(["month"]) !== 1 || has(["day"]) !== 1) return "a date format has one year (yyyy or yy), one month (MM or M) and one day (dd or d)";
  // A time after the date ("05.01.2026 08:00:00") is the export's, not the day's: the day is as written.
  return { regex: new RegExp(`${source}(?:$|[ T])`), parts };
}

const compiledFormats = new Map<string, CompiledDateFormat | string>();

function dateFormat(format: string): CompiledDateFormat | string {
  let compiled = compiledFormats.get(format);
  if (compiled === undefined) {
    compiled = compileDateFormat(format);
    compiledFormats.set(format, compiled);
  }
  return compiled;
}

/** Why a date format cannot be used, or null. */
export function dateFormatProblem(format: string): string | null {
  const compiled = dateFormat(format);
  return typeof compiled === "string" ? compiled : null;
}

export function parseDateIn(text: string, format: string): Parsed {
  const compiled = dateFormat(format);
  if (typeof compiled === "string") return { problem: compiled };
  const match = compiled.regex.exec(text.trim());
  if (!match) return { problem: `"${text}" is not a date in the form ${format}` };
  let year = 0;
  let month = 0;
  let day = 0;
  compiled.parts.forEach((part, index) => {
    const number = Number(match[index + 1]);
    if (part === "year4") year = number;
    else if (part === "year2") year = yearOfTwoDigits(number);
    else if (part === "month") month = number;
    else day = number;
  });
  const iso = isoDate(year, month, day);
  return iso === null ? { problem: `"${text}" is not a calendar day` } : { value: iso };
}

export interface NumberFormat {
  decimalSeparator: "." | ",";
  thousandsSeparator: "," | "." | " " | "'" | "";
}

/**
 * A number's sign and plain digits ("1.234,56-" → negative "1234.56"): a
 * leading + or -, a trailing minus (SAP and other ERP exports) or
 * parentheses (accounting exports); grouping dropped only where it groups.
 */
function plainDecimal(text: string, format: NumberFormat): { negative: boolean; digits: string } | string {
  let body = text.trim();
  let negative = false;
  if (body.startsWith("(") && body.endsWith(")")) {
    negative = true;
    body = body.slice(1, -1).trim();
  } else if (body.endsWith("-")) {
    negative = true;
    body = body.slice(0, -1).trim();
  } else if (body.startsWith("-") || body.startsWith("+")) {
    negative = body.startsWith("-");
    body = body.slice(1).trim();
  }
  const decimal = format.decimalSeparator === "." ? "\\." : ",";
  if (format.thousandsSeparator !== "") {
    const group = format.thousandsSeparator.replace(/[.]/g, "\\.");
    if (new RegExp(`^\\d{1,3}(${group}\\d{3})+(${decimal}\\d*)?$`).test(body)) body = body.split(format.thousandsSeparator).join("");
  }
  if (!new RegExp(`^(\\d+(${decimal}\\d*)?|${decimal}\\d+)$`).test(body)) {
    const grouping = format.thousandsSeparator === "" ? "" : ` and "${format.thousandsSeparator}" grouping thousands`;
    return `"${text}" is not a number with "${format.decimalSeparator}" as the decimal separator${grouping}`;
  }
  return { negative, digits: format.decimalSeparator === "," ? body.replace(",", ".") : body };
}

/** Money as signed minor units, at the currency's exponent (more decimals than it has is a problem, never rounded). */
export function parseMinorUnits(text: string, format: NumberFormat, exponent: number): { minor: bigint } | { problem: string } {
  const plain = plainDecimal(text, format);
  if (typeof plain === "string") return { problem: plain };
  const minor = decimalToMinor(plain.digits, exponent);
  if (typeof minor === "string") return { problem: `"${text}" has more decimals than the currency's ${exponent}` };
  return { minor: plain.negative ? -minor : minor };
}

export function moneyText(minor: bigint, exponent: number): string {
  return formatMinor(minor, exponent);
}

/** A decimal in canonical form: "." separator, no grouping, no redundant zeros ("0012,50" → "12.5"). */
export function parseCanonicalDecimal(text: string, format: NumberFormat, negate: boolean): Parsed {
  const plain = plainDecimal(text, format);
  if (typeof plain === "string") return { problem: plain };
  const [whole = "", fraction = ""] = plain.digits.split(".");
  const wholeDigits = whole.replace(/^0+(?=\d)/, "") || "0";
  const fractionDigits = fraction.replace(/0+$/, "");
  const magnitude = fractionDigits === "" ? wholeDigits : `${wholeDigits}.${fractionDigits}`;
  const negative = plain.negative !== negate && magnitude !== "0";
  return { value: negative ? `-${magnitude}` : magnitude };
}
