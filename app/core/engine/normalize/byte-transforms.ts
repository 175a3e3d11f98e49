import { ByteTextColumn, decodeRange } from "~/core/values/text-column";

/**
 * The text transforms of transforms.ts that can run on a ByteTextColumn's
 * bytes, giving exactly what the string chain gives (issue #21).
 *
 * The contract, cell by cell: start from `column.get(row)`; null stays null;
 * apply each op in order with the string semantics of transforms.ts
 * (`trim`, `toUpperCase`, `toLowerCase`, `replace(/[^0-9]+/g, "")`); a
 * result of "" is null, as a text lane stores it (normalize's asStoredText).
 *
 * How it stays exact without Unicode tables of its own:
 * - An ASCII cell needs only ASCII rules: trim's ASCII whitespace is
 *   \t \n \v \f \r and space, case maps A–Z/a–z and nothing else.
 * - digitsOnly is exact on any UTF-8: the bytes of a multi-byte sequence are
 *   all ≥ 0x80, so the bytes 0x30–0x39 are exactly the digits.
 * - A non-ASCII cell whose op needs Unicode rules (upper or lower on it;
 *   trim when a character at an edge is not ASCII, since it may be U+00A0,
 *   U+3000, …) is decoded, run through the string op, and encoded again.
 *   Only that cell pays; JavaScript's own tables decide, so the result is
 *   the string chain's by construction.
 */
export type ByteTextOp = "trim" | "upper" | "lower" | "digitsOnly";

const BYTE_TEXT_OPS: ReadonlySet<string> = new Set<ByteTextOp>(["trim", "upper", "lower", "digitsOnly"]);

/** True when every op of the chain can run on bytes (an empty chain included). */
export function isByteTextChain(ops: readonly string[]): ops is ByteTextOp[] {
  return ops.every((op) => BYTE_TEXT_OPS.has(op));
}

/**
 * On ASCII text the chain collapses: digitsOnly anywhere leaves only the
 * digits (trim removes no digit, case maps none, and after it every op is a
 * no-op on digits); otherwise trim anywhere trims (case mapping neither makes
 * nor removes ASCII whitespace) and the last case op decides the case.
 */
interface AsciiPlan {
  digitsOnly: boolean;
  trim: boolean;
  /** Bytes in this range get `shift` added: a–z (−32) for upper, A–Z (+32) for lower. */
  caseFrom: number;
  caseTo: number;
  shift: number;
}

function asciiPlanOf(ops: readonly ByteTextOp[]): AsciiPlan {
  const plan: AsciiPlan = { digitsOnly: false, trim: false, caseFrom: 1, caseTo: 0, shift: 0 };
  for (const op of ops) {
    switch (op) {
      case "digitsOnly":
        plan.digitsOnly = true;
        break;
      case "trim":
        plan.trim = true;
        break;
      case "upper":
        plan.caseFrom = LOWER_A;
        plan.caseTo = LOWER_Z;
        plan.shift = -32;
        break;
      case "lower":
        plan.caseFrom = UPPER_A;
        plan.caseTo = UPPER_Z;
        plan.shift = 32;
        break;
    }
  }
  return plan;
}

const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const LOWER_A = 0x61;
const LOWER_Z = 0x7a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** String.prototype.trim's whitespace within ASCII: \t \n \v \f \r and space (not U+001C–U+001F). */
function isAsciiSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

export function transformByteColumn(column: ByteTextColumn, ops: readonly ByteTextOp[]): ByteTextColumn {
  const plan = asciiPlanOf(ops);
  const source = column.bytes;
  const sourceEnds = column.ends;
  const sourceBuffer = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const out = new Arena(source.length);
  const ends = new Int32Array(sourceEnds.length);
  let start = 0;
  for (let row = 0; row < sourceEnds.length; row++) {
    const end = sourceEnds[row]!;
    if (end > start) {
      out.reserve(end - start);
      if (column.ascii || isAsciiRange(source, start, end)) writeAscii(source, start, end, plan, out);
      else writeUnicode(source, sourceBuffer, start, end, ops, out);
    }
    ends[row] = out.length;
    start = end;
  }
  return out.finish(ends);
}

function isAsciiRange(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/** The ASCII path: one pass over the cell's bytes into the arena (room reserved by the caller), no allocation. */
function writeAscii(source: Uint8Array, start: number, end: number, plan: AsciiPlan, out: Arena): void {
  if (plan.digitsOnly) {
    writeDigits(source, start, end, out);
    return;
  }
  if (plan.trim) {
    while (start < end && isAsciiSpace(source[start]!)) start++;
    while (end > start && isAsciiSpace(source[end - 1]!)) end--;
  }
  const arena = out.bytes;
  let at = out.length;
  const { caseFrom, caseTo, shift } = plan;
  for (let i = start; i < end; i++) {
    const byte = source[i]!;
    arena[at++] = byte >= caseFrom && byte <= caseTo ? byte + shift : byte;
  }
  out.length = at;
}

function writeDigits(source: Uint8Array, start: number, end: number, out: Arena): void {
  const arena = out.bytes;
  let at = out.length;
  for (let i = start; i < end; i++) {
    const byte = source[i]!;
    if (byte >= DIGIT_0 && byte <= DIGIT_9) arena[at++] = byte;
  }
  out.length = at;
}

/**
 * A cell with a byte above 0x7f: ops run in order on its byte range while
 * they can (trim with ASCII edges, digitsOnly); the first op that needs
 * Unicode rules turns it into its string, and the rest run as string ops.
 */
function writeUnicode(source: Uint8Array, sourceBuffer: Buffer, start: number, end: number, ops: readonly ByteTextOp[], out: Arena): void {
  for (let index = 0; index < ops.length; index++) {
    const op = ops[index]!;
    if (op === "digitsOnly") {
      // Only ASCII digits remain, on which every later op is a no-op.
      writeDigits(source, start, end, out);
      return;
    }
    if (op === "trim") {
      while (start < end && isAsciiSpace(source[start]!)) start++;
      while (end > start && isAsciiSpace(source[end - 1]!)) end--;
      // Trimming took only ASCII bytes, so the range still holds a non-ASCII character; an edge may be Unicode whitespace.
      if (source[start]! <= 0x7f && source[end - 1]! <= 0x7f) continue;
    }
    out.appendString(runStringOps(decodeRange(sourceBuffer, start, end, false), ops, index));
    return;
  }
  out.appendCopy(source, start, end, false);
}

/** The string chain of transforms.ts from ops[from] on. */
function runStringOps(value: string, ops: readonly ByteTextOp[], from: number): string {
  for (let index = from; index < ops.length; index++) {
    switch (ops[index]!) {
      case "trim":
        value = value.trim();
        break;
      case "upper":
        value = value.toUpperCase();
        break;
      case "lower":
        value = value.toLowerCase();
        break;
      case "digitsOnly":
        value = value.replace(NON_DIGITS, "");
        break;
    }
  }
  return value;
}

const NON_DIGITS = /[^0-9]+/g;

/**
 * The result's bytes. It starts as large as the source's arena, which the
 * ASCII path and the byte copies never outgrow (they only drop or map
 * bytes); re-encoded strings can be longer (upper of "ŉ" is "ʼN"), so each
 * cell reserves room for its own bytes first and a string for its own.
 */
class Arena {
  bytes: Uint8Array;
  length = 0;
  private ascii = true;
  private buffer: Buffer | null = null;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  appendCopy(source: Uint8Array, start: number, end: number, ascii: boolean): void {
    this.bytes.set(source.subarray(start, end), this.length);
    this.length += end - start;
    if (!ascii) this.ascii = false;
  }

  /** Room for `size` more bytes: one comparison per cell, so the byte loops need none. */
  reserve(size: number): void {
    if (this.length + size > this.bytes.length) this.grow(this.length + size);
  }

  appendString(value: string): void {
    if (value.length === 0) return;
    // At most 3 bytes per UTF-16 unit.
    this.reserve(value.length * 3);
    this.buffer ??= Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const written = this.buffer.write(value, this.length, "utf8");
    // A non-ASCII UTF-16 unit takes at least two bytes, so equal counts mean ASCII.
    if (written !== value.length) this.ascii = false;
    this.length += written;
  }

  finish(ends: Int32Array): ByteTextColumn {
    const bytes = this.length === this.bytes.length ? this.bytes : this.bytes.slice(0, this.length);
    return new ByteTextColumn(bytes, ends, this.ascii);
  }

  private grow(needed: number): void {
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.buffer = null;
  }
}
