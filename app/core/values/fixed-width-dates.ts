import { Token, type DateFields, type Segment } from "./date-formats";

/**
 * A fast reader for date formats whose fields all have a fixed width
 * ("yyyy-MM-dd HH:mm:ss", optionally followed by "xx"), issue #21: the
 * generic readWithFormat walks its segments with a switch per character and
 * cost ~275 ns a cell in bench:match; here every field sits at a position
 * known when the format is compiled, so a cell is a length check, a few
 * literal checks and digit arithmetic. It only ever accepts: a cell that does
 * not fit the layout is left to readWithFormat, which explains it, so the
 * messages stay exactly the generic ones.
 */

/**
 * Reads text[start, end) into fields (all of them, as resetFields followed
 * by readWithFormat would) and returns true, or returns false, touching
 * nothing, when the cell does not fit the layout.
 */
export type FixedWidthReader = (text: string, start: number, end: number, fields: DateFields) => boolean;

/** Where the fields of a fixed-width format sit, relative to the cell's start. -1: the format has no such field. */
interface FixedLayout {
  /** Characters before the offset (all of them when there is none). */
  width: number;
  endsWithOffset: boolean;
  yearAt: number;
  twoDigitYear: boolean;
  monthAt: number;
  dayAt: number;
  hourAt: number;
  minuteAt: number;
  secondAt: number;
  literalAt: Int32Array;
  literalCode: Int32Array;
}

/** Outside every offset readOffset accepts (±18:59), so it can say "does not fit" without an allocation. */
const NOT_AN_OFFSET = 1 << 30;

/** The layout of a format, or null when a field has a variable width (M, d) or the offset is not last. */
function fixedLayout(segments: readonly Segment[]): FixedLayout | null {
  const layout: FixedLayout = {
    width: 0,
    endsWithOffset: false,
    yearAt: -1,
    twoDigitYear: false,
    monthAt: -1,
    dayAt: -1,
    hourAt: -1,
    minuteAt: -1,
    secondAt: -1,
    literalAt: new Int32Array(0),
    literalCode: new Int32Array(0),
  };
  const literalAt: number[] = [];
  const literalCode: number[] = [];
  let at = 0;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s]!;
    switch (segment.token) {
      case Token.Literal:
        literalAt.push(at);
        literalCode.push(segment.code);
        at += 1;
        break;
      case Token.Year4:
        layout.yearAt = at;
        at += 4;
        break;
      case Token.Year2:
        layout.yearAt = at;
        layout.twoDigitYear = true;
        at += 2;
        break;
      case Token.Month2:
        layout.monthAt = at;
        at += 2;
        break;
      case Token.Day2:
        layout.dayAt = at;
        at += 2;
        break;
      case Token.Hour2:
        layout.hourAt = at;
        at += 2;
        break;
      case Token.Minute2:
        layout.minuteAt = at;
        at += 2;
        break;
      case Token.Second2:
        layout.secondAt = at;
        at += 2;
        break;
      case Token.Offset:
        if (s !== segments.length - 1) return null;
        layout.endsWithOffset = true;
        break;
      default:
        return null;
    }
  }
  // compileDateFormat insists on all three; a caller with other segments gets the generic reader.
  if (layout.yearAt < 0 || layout.monthAt < 0 || layout.dayAt < 0) return null;
  layout.width = at;
  layout.literalAt = Int32Array.from(literalAt);
  layout.literalCode = Int32Array.from(literalCode);
  return layout;
}

/** Two ASCII digits at `at` as a number, or -1. The caller has checked that both characters are in the cell. */
function readTwoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  // A character outside 0–9 makes one of the four negative.
  if ((tens | ones | (9 - tens) | (9 - ones)) < 0) return -1;
  return tens * 10 + ones;
}

/**
 * The offset of `length` characters at `at`, in minutes east of UTC, exactly
 * as readOffset reads it when it ends the cell: "Z", "z", "+hhmm" or
 * "+hh:mm" with "+", "-" or "−". NOT_AN_OFFSET otherwise.
 */
function readOffsetMinutes(text: string, at: number, length: number): number {
  const sign = text.charCodeAt(at);
  if (length === 1) return sign === 90 /* Z */ || sign === 122 /* z */ ? 0 : NOT_AN_OFFSET;
  if (sign !== 43 /* + */ && sign !== 45 /* - */ && sign !== 0x2212 /* − minus sign */) return NOT_AN_OFFSET;
  let minutesAt: number;
  if (length === 5) minutesAt = at + 3;
  else if (length === 6 && text.charCodeAt(at + 3) === 58 /* : */) minutesAt = at + 4;
  else return NOT_AN_OFFSET;
  const hours = readTwoDigits(text, at + 1);
  const minutes = readTwoDigits(text, minutesAt);
  if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) return NOT_AN_OFFSET;
  const total = hours * 60 + minutes;
  return sign === 43 ? total : -total;
}

/** A fast reader for the format's segments, or null when some field has a variable width. */
export function compileFixedWidthReader(segments: readonly Segment[]): FixedWidthReader | null {
  const layout = fixedLayout(segments);
  if (layout === null) return null;
  const { width, endsWithOffset, yearAt, twoDigitYear, monthAt, dayAt, hourAt, minuteAt, secondAt, literalAt, literalCode } = layout;
  return (text, start, end, fields) => {
    let offsetMinutes = 0;
    if (endsWithOffset) {
      offsetMinutes = readOffsetMinutes(text, start + width, end - start - width);
      if (offsetMinutes === NOT_AN_OFFSET) return false;
    } else if (end - start !== width) {
      return false;
    }
    for (let l = 0; l < literalAt.length; l++) {
      if (text.charCodeAt(start + literalAt[l]!) !== literalCode[l]) return false;
    }
    let year: number;
    if (twoDigitYear) {
      const yy = readTwoDigits(text, start + yearAt);
      // POSIX strptime's pivot, as readWithFormat: 69–99 are 1969–1999, 00–68 are 2000–2068.
      year = yy < 0 ? -1 : yy >= 69 ? 1900 + yy : 2000 + yy;
    } else {
      const century = readTwoDigits(text, start + yearAt);
      const yearOfCentury = readTwoDigits(text, start + yearAt + 2);
      year = century < 0 || yearOfCentury < 0 ? -1 : century * 100 + yearOfCentury;
    }
    const month = readTwoDigits(text, start + monthAt);
    const day = readTwoDigits(text, start + dayAt);
    const hour = hourAt < 0 ? 0 : readTwoDigits(text, start + hourAt);
    const minute = minuteAt < 0 ? 0 : readTwoDigits(text, start + minuteAt);
    const second = secondAt < 0 ? 0 : readTwoDigits(text, start + secondAt);
    if ((year | month | day | hour | minute | second) < 0) return false;
    fields.year = year;
    fields.month = month;
    fields.day = day;
    fields.hour = hour;
    fields.minute = minute;
    fields.second = second;
    fields.hasOffset = endsWithOffset;
    fields.offsetMinutes = offsetMinutes;
    return true;
  };
}
