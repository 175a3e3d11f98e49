// Reading a date text into its fields, in a token format ("dd/MM/yyyy HH:mm xx") or as ISO 8601.

/** The fields a date text names. All small integers, so V8 keeps them unboxed. */
export interface DateFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  hasOffset: boolean;
  offsetMinutes: number;
}

/** Exported for the fixed-width reader (fixed-width-dates.ts), which compiles the same segments. */
export const enum Token {
  Literal,
  Year4,
  Year2,
  Month2,
  Month1,
  Day2,
  Day1,
  Hour2,
  Minute2,
  Second2,
  Offset,
}

export interface Segment {
  token: Token;
  /** For literals: the character code to match. */
  code: number;
}

const TOKENS: Record<string, Token> = {
  yyyy: Token.Year4,
  yy: Token.Year2,
  MM: Token.Month2,
  M: Token.Month1,
  dd: Token.Day2,
  d: Token.Day1,
  HH: Token.Hour2,
  mm: Token.Minute2,
  ss: Token.Second2,
  xx: Token.Offset,
};

const TOKEN_LETTERS = "yMdHmsx";
const KNOWN_TOKENS = "yyyy, yy, MM, M, dd, d, HH, mm, ss, xx";

/** Splits a format like "dd/MM/yyyy HH:mm xx" into segments, or explains why it cannot. */
export function compileDateFormat(format: string): Segment[] | string {
  const segments: Segment[] = [];
  const seen = new Set<string>();
  let index = 0;
  while (index < format.length) {
    const char = format[index]!;
    if (TOKEN_LETTERS.includes(char)) {
      let end = index;
      while (end < format.length && format[end] === char) end++;
      const token = format.slice(index, end);
      const kind = TOKENS[token];
      if (kind === undefined) return `"${token}" is not a date token; use ${KNOWN_TOKENS}`;
      // yyyy/yy, MM/M and dd/d each name one field.
      const field = char;
      if (seen.has(field)) return `"${token}" names a field that appears earlier in the format`;
      seen.add(field);
      segments.push({ token: kind, code: 0 });
      index = end;
      continue;
    }
    // Letters other than "T" are almost always a token we do not support
    // (MMM, hh, a, SSS, Z); failing here beats failing on every row.
    if (/[A-Za-z]/.test(char) && char !== "T") {
      return `"${char}" is not a date token; use ${KNOWN_TOKENS} (xx also reads "Z"), or "iso"`;
    }
    segments.push({ token: Token.Literal, code: char.charCodeAt(0) });
    index++;
  }
  if (!seen.has("y") || !seen.has("M") || !seen.has("d")) return "must contain a year (yyyy or yy), a month (MM or M) and a day (dd or d)";
  return segments;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Reads exactly `width` digits at `index`, or -1. */
function readFixedDigits(text: string, index: number, end: number, width: number): number {
  if (index + width > end) return -1;
  let value = 0;
  for (let i = index; i < index + width; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/**
 * Reads an offset "Z", "+hhmm", "-hhmm" or "+hh:mm" at `index`. Returns the
 * index after it and stores the minutes east of UTC in fields, or -1.
 */
function readOffset(text: string, index: number, end: number, fields: DateFields): number {
  const sign = text.charCodeAt(index);
  if (sign === 90 /* Z */ || sign === 122 /* z */) {
    fields.hasOffset = true;
    fields.offsetMinutes = 0;
    return index + 1;
  }
  if (sign !== 43 /* + */ && sign !== 45 /* - */ && sign !== 0x2212 /* − minus sign */) return -1;
  const hours = readFixedDigits(text, index + 1, end, 2);
  if (hours < 0) return -1;
  let next = index + 3;
  if (text.charCodeAt(next) === 58 /* : */) next++;
  const minutes = readFixedDigits(text, next, end, 2);
  if (minutes < 0) return -1;
  if (hours > 18 || minutes > 59) return -1;
  const total = hours * 60 + minutes;
  fields.hasOffset = true;
  fields.offsetMinutes = sign === 43 ? total : -total;
  return next + 2;
}

export function resetFields(fields: DateFields): void {
  fields.year = 0;
  fields.month = 0;
  fields.day = 0;
  fields.hour = 0;
  fields.minute = 0;
  fields.second = 0;
  fields.hasOffset = false;
  fields.offsetMinutes = 0;
}

/** Why `text` does not match the format, or null when it does. Reads into fields. */
export function readWithFormat(segments: readonly Segment[], text: string, start: number, end: number, fields: DateFields): string | null {
  let index = start;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s]!;
    let value: number;
    switch (segment.token) {
      case Token.Literal:
        if (text.charCodeAt(index) !== segment.code) return `expected "${String.fromCharCode(segment.code)}" at position ${index - start + 1}`;
        index++;
        continue;
      case Token.Offset:
        index = readOffset(text, index, end, fields);
        if (index < 0) return "expected an offset like +0100, -05:00 or Z";
        continue;
      case Token.Month1:
      case Token.Day1: {
        // One or two digits, greedy.
        const first = text.charCodeAt(index);
        if (!isDigit(first)) return `expected a digit at position ${index - start + 1}`;
        value = first - 48;
        index++;
        if (index < end && isDigit(text.charCodeAt(index))) {
          value = value * 10 + (text.charCodeAt(index) - 48);
          index++;
        }
        break;
      }
      default: {
        const width = segment.token === Token.Year4 ? 4 : 2;
        value = readFixedDigits(text, index, end, width);
        if (value < 0) return `expected ${width} digits at position ${index - start + 1}`;
        index += width;
      }
    }
    switch (segment.token) {
      case Token.Year4:
        fields.year = value;
        break;
      case Token.Year2:
        // POSIX strptime's pivot: 69–99 are 1969–1999, 00–68 are 2000–2068.
        fields.year = value >= 69 ? 1900 + value : 2000 + value;
        break;
      case Token.Month2:
      case Token.Month1:
        fields.month = value;
        break;
      case Token.Day2:
      case Token.Day1:
        fields.day = value;
        break;
      case Token.Hour2:
        fields.hour = value;
        break;
      case Token.Minute2:
        fields.minute = value;
        break;
      case Token.Second2:
        fields.second = value;
        break;
    }
  }
  if (index !== end) return `unexpected "${text.slice(index, end)}" after the date`;
  return null;
}

/**
 * ISO 8601 extended format: "YYYY-MM-DD", optionally followed by "T" or a
 * space, "HH:mm", ":ss", a fraction, and "Z" or an offset.
 */
export function readIso(text: string, start: number, end: number, fields: DateFields): string | null {
  const invalid = "expected an ISO date like 2026-01-15 or 2026-01-15T10:30:00Z";
  fields.year = readFixedDigits(text, start, end, 4);
  if (fields.year < 0 || text.charCodeAt(start + 4) !== 45) return invalid;
  fields.month = readFixedDigits(text, start + 5, end, 2);
  if (fields.month < 0 || text.charCodeAt(start + 7) !== 45) return invalid;
  fields.day = readFixedDigits(text, start + 8, end, 2);
  if (fields.day < 0) return invalid;
  let index = start + 10;
  if (index === end) return null;
  const separator = text.charCodeAt(index);
  if (separator !== 84 /* T */ && separator !== 116 /* t */ && separator !== 32) return invalid;
  fields.hour = readFixedDigits(text, index + 1, end, 2);
  if (fields.hour < 0 || text.charCodeAt(index + 3) !== 58) return invalid;
  fields.minute = readFixedDigits(text, index + 4, end, 2);
  if (fields.minute < 0) return invalid;
  index += 6;
  if (index < end && text.charCodeAt(index) === 58) {
    fields.second = readFixedDigits(text, index + 1, end, 2);
    if (fields.second < 0) return invalid;
    index += 3;
    if (index < end && (text.charCodeAt(index) === 46 || text.charCodeAt(index) === 44)) {
      // Fractions of a second cannot move a day boundary on their own; skip them.
      index++;
      const fractionStart = index;
      while (index < end && isDigit(text.charCodeAt(index))) index++;
      if (index === fractionStart) return invalid;
    }
  }
  if (index === end) return null;
  // Exports such as Shopify's write "2026-01-22 05:24:08 -0500": allow one space before the offset.
  if (text.charCodeAt(index) === 32) index++;
  index = readOffset(text, index, end, fields);
  if (index !== end) return invalid;
  return null;
}

export function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0;
}

