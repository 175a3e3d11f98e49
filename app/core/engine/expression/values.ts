import { ExpressionError } from "./errors";
import type { Span, Value } from "./types";

/**
 * Coercions shared by operators and functions. The rules are SQL-like and
 * deliberately narrow: text becomes a number only when all of it is a decimal
 * number, and nothing ever becomes a boolean implicitly.
 */

/** Longest text any operator or function may produce; guards memory against inputs like padLeft(x, 1e9, "0"). */
export const MAX_TEXT_LENGTH = 10_000;

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** "12", " -3.5 ", "1e3" are numbers; "", "0x10", "1,000", "12abc", "Infinity" are not (unlike Number(), which reads "" as 0). */
export function parseDecimal(text: string): number | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** A number for arithmetic: numbers as they are, fully numeric text parsed, anything else null. */
export function toNumber(value: Value): number | null {
  if (typeof value === "number") return value;
  if (typeof value === "string") return parseDecimal(value);
  return null;
}

/** Text for string functions: numbers and booleans in their plain JavaScript spelling ("1.5", "true"). */
export function toText(value: Value): string | null {
  if (value === null || typeof value === "string") return value;
  return String(value);
}

/** Overflow and 0/0 become null rather than Infinity or NaN, which Value cannot hold; -0 becomes 0. */
export function finite(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}

/** Anything a careless scope hands back that is not a Value (undefined, objects, functions) reads as null, so host objects never flow into an expression. */
export function readValue(value: unknown): Value {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    default:
      return null;
  }
}

/**
 * `=`: text exactly, numbers numerically, text against a number by reading the
 * text as a number (false when it isn't one); other mixes are false. Null when
 * either side is null.
 */
export function equals(a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  if (typeof a === typeof b) return a === b;
  if (typeof a === "number" && typeof b === "string") return parseDecimal(b) === a;
  if (typeof a === "string" && typeof b === "number") return parseDecimal(a) === b;
  return false;
}

/** -1, 0 or 1; NaN when the two cannot be ordered (so every ordering comparison is false); null when either is null. */
export function order(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  // Text orders by UTF-16 code unit, never by locale, so results don't depend on the server.
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (typeof a === "boolean" || typeof b === "boolean") return NaN;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === null || y === null) return NaN;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** and, or, not and if() take true, false or null; anything else is an authoring mistake worth stopping on. */
export function toCondition(value: Value, at: Span, context: string): boolean | null {
  if (value === null || typeof value === "boolean") return value;
  throw new ExpressionError(`${context} needs true, false or null but got ${describeValue(value)}`, at.offset, at.length);
}

export function describeValue(value: Value): string {
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the text ${JSON.stringify(shown)}`;
  }
  return `the ${typeof value} ${String(value)}`;
}

export function checkTextLength(text: string, at: Span, what: string): string {
  if (text.length > MAX_TEXT_LENGTH) throw tooLong(at, what);
  return text;
}

export function tooLong(at: Span, what: string): ExpressionError {
  return new ExpressionError(`${what} would produce text longer than ${MAX_TEXT_LENGTH} characters`, at.offset, at.length);
}

/** Counts Unicode code points, so an emoji or an accented letter written as one character counts as one. */
export function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Slices by code point [from, to) without splitting a surrogate pair; plain BMP text takes the fast path. */
export function sliceCodePoints(text: string, from: number, to?: number): string {
  if (!SURROGATE.test(text)) return text.slice(from, to);
  return Array.from(text).slice(from, to).join("");
}
