/**
 * Byte-level helpers of the delimited reader: line and blank-line
 * detection, non-ASCII scanning and fast string slices of a chunk.
 */

export const LF = 10;
export const CR = 13;
const SPACE = 32;
const TAB = 9;

/**
 * A line of only delimiters and whitespace (";;;;;;" at the end of a
 * spreadsheet export) holds no value: it is a blank line, not a record, so
 * it never becomes a row of nulls and a phantom exception. records.ts
 * applies the same rule, so sniffing and reading count lines alike.
 */
export function isBlankLine(text: string, start: number, end: number, delimiterCode: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== delimiterCode && code !== SPACE && code !== TAB) return false;
  }
  return true;
}

export const UTF8_BOM = "\u00ef\u00bb\u00bf"; // the BOM's bytes seen through latin1

/** How many times a byte occurs in a buffer. */
export function countByte(bytes: Buffer, byte: number): number {
  let count = 0;
  for (let at = bytes.indexOf(byte); at >= 0; at = bytes.indexOf(byte, at + 1)) count++;
  return count;
}

/**
 * Buffer#toString(encoding, start, end) goes through argument checks and an
 * encoding lookup before it reaches the native slice; per field, at millions
 * of fields, that wrapper cost more than the copy (about 0.25 s per million
 * orders). The native methods are what toString itself calls; where a runtime
 * lacks them, toString is used.
 */
type NativeSlices = Buffer & { latin1Slice?: (start: number, end: number) => string; utf8Slice?: (start: number, end: number) => string };
const nativeSlices = Buffer.prototype as NativeSlices;
export const latin1Slice: (bytes: Buffer, start: number, end: number) => string =
  typeof nativeSlices.latin1Slice === "function"
    ? (bytes, start, end) => (bytes as NativeSlices).latin1Slice!(start, end)
    : (bytes, start, end) => bytes.toString("latin1", start, end);
export const utf8Slice: (bytes: Buffer, start: number, end: number) => string =
  typeof nativeSlices.utf8Slice === "function"
    ? (bytes, start, end) => (bytes as NativeSlices).utf8Slice!(start, end)
    : (bytes, start, end) => bytes.toString("utf8", start, end);

export const NO_POSITIONS = [Number.MAX_SAFE_INTEGER];
/** Offsets of non-ASCII bytes, ending with a sentinel; four bytes per step where aligned. */
export function findNonAscii(bytes: Uint8Array): number[] {
  const positions: number[] = [];
  const length = bytes.length;
  let i = 0;
  while (i < length && (bytes.byteOffset + i) % 4 !== 0) {
    if (bytes[i]! > 0x7f) positions.push(i);
    i++;
  }
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (length - i) >>> 2);
  for (let w = 0; w < words.length; w++) {
    if ((words[w]! & 0x80808080) === 0) continue;
    const base = i + w * 4;
    for (let b = base; b < base + 4; b++) if (bytes[b]! > 0x7f) positions.push(b);
  }
  for (let b = i + words.length * 4; b < length; b++) if (bytes[b]! > 0x7f) positions.push(b);
  positions.push(Number.MAX_SAFE_INTEGER);
  return positions;
}

/** LF or CRLF files use "\n" (a trailing CR is trimmed); files with only CRs (classic Mac) use "\r". */
export function detectTerminator(sample: string, final: boolean): string | undefined {
  const lf = sample.indexOf("\n");
  const cr = sample.indexOf("\r");
  if (lf >= 0 && (cr < 0 || cr + 1 >= lf)) return "\n";
  if (cr >= 0 && cr + 1 < sample.length) return "\r";
  // A CR at the very end may be the first half of CRLF: decide with the next chunk.
  return final ? (cr >= 0 ? "\r" : "\n") : undefined;
}
