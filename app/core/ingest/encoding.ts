import { isAscii, isUtf8 } from "node:buffer";
import iconv from "iconv-lite";
import { fileError } from "./errors";

/**
 * Text encodings: detection from a sample, and a stream of UTF-8 bytes for
 * the delimited reader (which reads UTF-8 only). UTF-8 input is validated in
 * place and passed through untouched; everything else is transcoded by
 * iconv-lite chunk by chunk, so memory stays flat.
 */

export interface EncodingDetection {
  encoding: string;
  evidence: string;
  warnings: string[];
}

const ALIASES: Record<string, string> = {
  utf8: "utf-8",
  utf16le: "utf-16le",
  utf16be: "utf-16be",
  ucs2: "utf-16le",
  cp1252: "windows-1252",
  windows1252: "windows-1252",
  win1252: "windows-1252",
  latin1: "iso-8859-1",
  iso88591: "iso-8859-1",
  l1: "iso-8859-1",
};

/** A canonical lower-case name for what a user typed ("UTF8", "cp1252"), or an error naming it. */
export function canonicalEncoding(name: string, fileName: string): string {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  const known = ALIASES[key];
  if (known) return known;
  if (!iconv.encodingExists(name)) throw fileError(fileName, `unknown encoding "${name}"`);
  return name.toLowerCase();
}

/**
 * Windows-1252 prints every byte in 0x80–0x9F except these five; ISO-8859-1
 * has only control characters there. Text using the printable ones (€, „, ’,
 * –, Š…) was written as 1252.
 */
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export function detectEncoding(sample: Uint8Array, complete: boolean, override: string | undefined, fileName: string): EncodingDetection {
  const scope = complete ? "the whole file" : `the first ${formatBytes(sample.length)}`;
  if (override !== undefined) {
    const encoding = canonicalEncoding(override, fileName);
    const warnings: string[] = [];
    if (encoding === "utf-8") {
      const invalid = firstInvalidUtf8(sample, complete);
      if (invalid >= 0) {
        const { line, column } = locate(sample, invalid);
        warnings.push(`invalid UTF-8 byte 0x${hex(sample[invalid]!)} at line ${line}, column ${column}: reading will report it`);
      }
    }
    return { encoding, evidence: `${encoding}: set by override`, warnings };
  }
  if (hasBom(sample)) {
    return { encoding: "utf-8", evidence: "utf-8: byte order mark EF BB BF", warnings: [] };
  }
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: "utf-16le", evidence: "utf-16le: byte order mark FF FE", warnings: [] };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: "utf-16be", evidence: "utf-16be: byte order mark FE FF", warnings: [] };

  const utf16 = detectUtf16ByNuls(sample);
  if (utf16) return { ...utf16, warnings: [] };

  const invalid = firstInvalidUtf8(sample, complete);
  if (invalid < 0) {
    const nonAscii = countNonAsciiCharacters(sample);
    const evidence =
      nonAscii === 0
        ? `utf-8: ${scope} is plain ASCII`
        : `utf-8: ${nonAscii} non-ASCII character${nonAscii === 1 ? "" : "s"} in ${scope}, all valid UTF-8`;
    return { encoding: "utf-8", evidence, warnings: [] };
  }
  const { line, column } = locate(sample, invalid);
  const notUtf8 = `not UTF-8 (byte 0x${hex(sample[invalid]!)} at line ${line}, column ${column} is not valid UTF-8)`;
  const printable1252 = new Map<number, number>();
  for (const byte of sample) {
    if (byte >= 0x80 && byte <= 0x9f && !UNDEFINED_IN_1252.has(byte)) printable1252.set(byte, (printable1252.get(byte) ?? 0) + 1);
  }
  if (printable1252.size > 0) {
    const examples = [...printable1252.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([byte, count]) => `0x${hex(byte)} "${iconv.decode(Buffer.from([byte]), "windows-1252")}" ×${count}`)
      .join(", ");
    return { encoding: "windows-1252", evidence: `windows-1252: ${notUtf8}; bytes 0x80–0x9F are Windows-1252 text: ${examples}`, warnings: [] };
  }
  return { encoding: "iso-8859-1", evidence: `iso-8859-1: ${notUtf8}; no Windows-1252 characters in 0x80–0x9F`, warnings: [] };
}

/**
 * Without a BOM, UTF-16 shows as a NUL in every other byte for ASCII text
 * (digits, separators, Latin letters): NULs at odd offsets are little-endian,
 * at even offsets big-endian. Other 8-bit text almost never contains NUL.
 */
function detectUtf16ByNuls(sample: Uint8Array): { encoding: string; evidence: string } | null {
  const pairs = Math.min(sample.length, 4096) >>> 1;
  if (pairs < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let pair = 0; pair < pairs; pair++) {
    if (sample[2 * pair] === 0) evenNuls++;
    if (sample[2 * pair + 1] === 0) oddNuls++;
  }
  const share = (count: number) => `${Math.round((100 * count) / pairs)}%`;
  if (oddNuls > pairs * 0.3 && evenNuls < pairs * 0.05) {
    return { encoding: "utf-16le", evidence: `utf-16le: no BOM; ${share(oddNuls)} of the first ${pairs} byte pairs end in NUL (ASCII as UTF-16LE)` };
  }
  if (evenNuls > pairs * 0.3 && oddNuls < pairs * 0.05) {
    return { encoding: "utf-16be", evidence: `utf-16be: no BOM; ${share(evenNuls)} of the first ${pairs} byte pairs start with NUL (ASCII as UTF-16BE)` };
  }
  return null;
}

function countNonAsciiCharacters(bytes: Uint8Array): number {
  if (isAscii(bytes)) return 0;
  let count = 0;
  for (const byte of bytes) if (byte >= 0xc0) count++;
  return count;
}

/** Bytes the sequence starting with `lead` needs after it, or -1 when `lead` cannot start one. */
function continuationCount(lead: number): number {
  if (lead < 0x80) return 0;
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return -1;
}

/** The second byte's range rules out overlong forms, surrogates and code points above U+10FFFF (RFC 3629). */
function secondByteFits(lead: number, second: number): boolean {
  if (lead === 0xe0) return second >= 0xa0 && second <= 0xbf;
  if (lead === 0xed) return second >= 0x80 && second <= 0x9f;
  if (lead === 0xf0) return second >= 0x90 && second <= 0xbf;
  if (lead === 0xf4) return second >= 0x80 && second <= 0x8f;
  return second >= 0x80 && second <= 0xbf;
}

/**
 * Scans bytes[from, to) as UTF-8, calling `invalid` with the offset of each
 * byte that cannot start or continue a character. Returns the offset of a
 * trailing sequence that may still be completed by the next chunk (`to` when
 * there is none).
 */
function scanUtf8(bytes: Uint8Array, from: number, to: number, invalid: (offset: number) => void): number {
  let i = from;
  while (i < to) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const needed = continuationCount(lead);
    if (needed < 0) {
      invalid(i);
      i++;
      continue;
    }
    let good = true;
    let seen = 0;
    for (let k = 1; k <= needed && i + k < to; k++) {
      const next = bytes[i + k]!;
      if (k === 1 ? !secondByteFits(lead, next) : next < 0x80 || next > 0xbf) {
        good = false;
        break;
      }
      seen = k;
    }
    if (!good) {
      invalid(i);
      i++;
      continue;
    }
    if (seen < needed) return i;
    i += needed + 1;
  }
  return to;
}

/** Offset of the first invalid byte, or -1. A sequence cut by the end of an incomplete sample is not invalid. */
export function firstInvalidUtf8(bytes: Uint8Array, complete: boolean): number {
  if (isUtf8(bytes)) return -1;
  let first = -1;
  const tail = scanUtf8(bytes, 0, bytes.length, (offset) => {
    if (first < 0) first = offset;
  });
  if (first >= 0) return first;
  return complete && tail < bytes.length ? tail : -1;
}

/** 1-based line and character column of a byte offset, counting lines as the delimited reader does. */
export function locate(bytes: Uint8Array, offset: number): { line: number; column: number } {
  const terminator = terminatorByte(bytes) ?? LF;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === terminator) {
      line++;
      lineStart = i + 1;
    }
  }
  const bom = lineStart === 0 && hasBom(bytes) ? 1 : 0;
  return { line, column: charactersBetween(bytes, lineStart, offset) - bom + 1 };
}

const LF = 10;
const CR = 13;

/** The byte that ends lines: LF (CRLF files too), or CR for classic-Mac files. Mirrors read-delimited's choice. */
function terminatorByte(bytes: Uint8Array): number | undefined {
  const lf = bytes.indexOf(LF);
  const cr = bytes.indexOf(CR);
  if (lf >= 0 && (cr < 0 || cr + 1 >= lf)) return LF;
  if (cr >= 0 && cr + 1 < bytes.length) return CR;
  return undefined;
}

function hasBom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Characters in bytes[from, to): every byte that is not a UTF-8 continuation byte. */
function charactersBetween(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if ((bytes[i]! & 0xc0) !== 0x80) count++;
  return count;
}

export interface InvalidByteLocation {
  line: number;
  column: number;
  byte: number;
}

/** Where a UTF-8 stream had bytes that are not UTF-8: one location per line, in order. */
export class InvalidUtf8Log {
  readonly locations: InvalidByteLocation[] = [];

  add(location: InvalidByteLocation): void {
    const last = this.locations[this.locations.length - 1];
    if (last?.line === location.line) return;
    this.locations.push(location);
  }
}

/**
 * Passes UTF-8 chunks through unchanged, logging the line and column of every
 * line holding invalid bytes. Valid chunks (nearly all) cost one native
 * isUtf8 check and a native scan for line ends.
 */
export async function* validatedUtf8(chunks: AsyncIterable<Uint8Array>, log: InvalidUtf8Log): AsyncGenerator<Uint8Array> {
  let terminator: number | undefined;
  let line = 1;
  let column = 0; // characters since the last line end, before `carry`
  let carry: Uint8Array = new Uint8Array(0);
  let first = true;
  for await (const chunk of chunks) {
    const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    terminator ??= terminatorByte(bytes);
    const lineEnd = terminator ?? LF;
    let cut = bytes.length;
    // Hold back a sequence the chunk boundary may have split (at most 3 bytes).
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const byte = bytes[bytes.length - back]!;
      if ((byte & 0xc0) === 0x80) continue;
      if (byte >= 0xc0 && continuationCount(byte) >= back) cut = bytes.length - back;
      break;
    }
    const region = bytes.subarray(0, cut);
    // The reader drops a BOM, so it is not a column.
    if (first && hasBom(region)) column = -1;
    if (!isUtf8(region)) {
      let scanLine = line;
      let lineStart = 0;
      let scanned = 0;
      let startColumn = column;
      scanUtf8(region, 0, region.length, (offset) => {
        for (let i = scanned; i < offset; i++) {
          if (region[i] === lineEnd) {
            scanLine++;
            lineStart = i + 1;
            startColumn = 0;
          }
        }
        scanned = offset;
        log.add({ line: scanLine, column: startColumn + charactersBetween(region, lineStart, offset) + 1, byte: region[offset]! });
      });
    }
    let lastLineEnd = -1;
    for (let at = region.indexOf(lineEnd); at >= 0; at = region.indexOf(lineEnd, at + 1)) {
      line++;
      lastLineEnd = at;
    }
    column = (lastLineEnd >= 0 ? 0 : column) + charactersBetween(region, lastLineEnd + 1, region.length);
    carry = cut < bytes.length ? Uint8Array.prototype.slice.call(bytes, cut) : new Uint8Array(0);
    first = false;
    yield chunk;
  }
  if (carry.length > 0) log.add({ line, column: column + 1, byte: carry[0]! });
}

/** UTF-8 bytes from any encoding iconv-lite knows, decoded chunk by chunk (a character split across chunks is kept whole). */
export async function* transcodedToUtf8(chunks: AsyncIterable<Uint8Array>, encoding: string): AsyncGenerator<Uint8Array> {
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  for await (const chunk of chunks) {
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text.length > 0) yield Buffer.from(text, "utf8");
  }
  const tail = decoder.end();
  if (tail) yield Buffer.from(tail, "utf8");
}

/** The sample as text for sniffing; a character cut by the end of an incomplete sample is dropped. */
export function decodeSample(sample: Uint8Array, encoding: string, complete: boolean): string {
  if (encoding === "utf-8") {
    const text = new TextDecoder("utf-8").decode(sample, { stream: !complete });
    return text;
  }
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  const text = decoder.write(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength));
  return complete ? text + (decoder.end() ?? "") : text;
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, "0");
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The file as text, chunk by chunk, for passes that need fields rather than bytes (the reader itself takes bytes). */
export async function* textChunks(chunks: AsyncIterable<Uint8Array>, encoding: string): AsyncGenerator<string> {
  if (encoding === "utf-8") {
    const decoder = new TextDecoder("utf-8");
    for await (const chunk of chunks) {
      const text = decoder.decode(chunk, { stream: true });
      if (text.length > 0) yield text;
    }
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
    return;
  }
  const decoder = iconv.getDecoder(encoding, { stripBOM: true });
  for await (const chunk of chunks) {
    const text = decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (text.length > 0) yield text;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}
