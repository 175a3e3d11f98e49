import type { LocatedErrors } from "../support/located-errors";

/**
 * SWIFT MT940/MT942 text -> tag fields, one physical line at a time, so a
 * million-line file never becomes a million line objects.
 *
 * What banks wrap around the tags, all skipped here so the statement reader
 * only ever sees tags:
 * - the FIN envelope `{1:…}{2:…}{3:{…}}{4:` … `-}{5:{…}}`: blocks on one line
 *   or several, the trailer `-}` alone, glued onto the last tag's line
 *   (`:62F:C…-}`) or followed by `{5:}` and the next message's `{1:}…{4:`;
 * - SOH (0x01) and ETX (0x03) bytes that frame each message in FIN
 *   transmission files, and other control bytes;
 * - header lines before a message's first tag: Rabobank's `:940:`, ING's
 *   `0000 01INGBNL2AXXXX00001`, ABN AMRO's `ABNANL2A` / `940` / `ABNANL2A`,
 *   and the lone `-` line ABN AMRO writes between messages;
 * - `@@`, which some banks' export tools write instead of a line break;
 * - the `:NS:` non-SWIFT field, read as a tag so it never joins :86: text;
 * - CR, LF or CRLF line ends and trailing blanks.
 */

export interface SwiftField {
  /** "20", "61", "62F", … */
  tag: string;
  /** 1-based physical line of the tag. */
  line: number;
  /** 1-based column where the value (after ":tag:") starts on that line. */
  valueColumn: number;
  /** The value's first line and its continuation lines, trailing blanks removed. */
  lines: string[];
}

// :NS: is the "non-SWIFT" field some German banks add; it is a tag (ignored), not :86: text.
const TAG = /^:(\d{2}[A-Z]?|NS):/;
/** Tags that take no continuation line: a header-like line after them starts the next message. */
const SINGLE_LINE_BALANCES = new Set(["62F", "62M", "64", "65"]);
/** Lines a bank writes before a message's first tag: a BIC, "940", "0000 01INGBNL2AXXXX00001", ":940:". */
const HEADER_LINE = /^(?::9\d{2}:|[A-Z0-9 ]{1,64})$/;
// Control bytes other than tab: SOH/ETX message framing, stray NULs.
// eslint-disable-next-line no-control-regex
const CONTROL_BYTES = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL_BYTE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;
const BLOCK_START = /^\{[1-5S]:/;

/**
 * Yielded after each chunk of text is read: a driver that fetches chunks
 * asynchronously (a file streamed from storage) hands over the next chunk
 * before it resumes the reader, which pulls chunks synchronously.
 */
export const CHUNK_READ = Symbol("chunk read");

/**
 * Physical lines (LF, CRLF or CR) with their 1-based numbers, without
 * splitting the whole text up front. The text may come as chunks (a file read
 * piece by piece): only the unfinished last line is carried from one chunk to
 * the next, so memory follows the longest line, not the file. CHUNK_READ
 * follows each chunk's lines.
 */
export function* physicalLines(text: string | Iterable<string>): Generator<{ line: number; text: string } | typeof CHUNK_READ> {
  const chunks = typeof text === "string" ? [text] : text;
  const terminator = /\r\n|\n|\r/g;
  let carry = "";
  let line = 1;
  for (const chunk of chunks) {
    const buffer = carry + chunk;
    let start = 0;
    terminator.lastIndex = 0;
    for (let match = terminator.exec(buffer); match !== null; match = terminator.exec(buffer)) {
      // A CR at a chunk's end may be the first half of a CRLF split across chunks: wait for the next chunk.
      if (match[0] === "\r" && match.index === buffer.length - 1) break;
      yield { line, text: buffer.slice(start, match.index) };
      start = match.index + match[0].length;
      line++;
    }
    carry = buffer.slice(start);
    yield CHUNK_READ;
  }
  if (carry.endsWith("\r")) {
    yield { line, text: carry.slice(0, -1) };
    return;
  }
  if (carry.length > 0) yield { line, text: carry };
}

/** The fields of the text, with CHUNK_READ after each chunk's (see physicalLines). */
export function* swiftFields(text: string | Iterable<string>, errors: LocatedErrors): Generator<SwiftField | typeof CHUNK_READ> {
  const scanner = new EnvelopeScanner(errors);
  for (const physical of physicalLines(text)) {
    if (physical === CHUNK_READ) {
      yield physical;
      continue;
    }
    const { line, text: raw } = physical;
    let body = raw;
    if (HAS_CONTROL_BYTE.test(body)) {
      // SOH/ETX frame a message: what follows starts a new one.
      scanner.messageBoundary();
      body = body.replace(CONTROL_BYTES, "");
    }
    body = body.trimEnd();
    let column = 1;
    for (const segment of body.split("@@")) {
      yield* scanner.scan(segment, line, column);
      column += segment.length + 2;
    }
  }
  yield* scanner.finish();
}

class EnvelopeScanner {
  private current: SwiftField | null = null;
  /** Open braces of a {1:}/{2:}/{3:}/{5:} block that runs over several lines. */
  private blockDepth = 0;
  /** No tag yet since the file or the message began: header lines are allowed. */
  private atMessageStart = true;

  constructor(private readonly errors: LocatedErrors) {}

  messageBoundary(): void {
    this.atMessageStart = true;
  }

  *scan(text: string, line: number, column: number): Generator<SwiftField> {
    let position = 0;
    for (;;) {
      if (this.blockDepth > 0) {
        position = this.skipBlock(text, position);
        if (this.blockDepth > 0) return;
        continue;
      }
      let block = position;
      while (text[block] === " ") block++;
      if (!BLOCK_START.test(text.slice(block, block + 3))) break;
      yield* this.endMessage();
      if (text[block + 1] === "4") {
        position = block + 3;
        break;
      }
      position = this.skipBlock(text, block);
    }
    const rest = text.slice(position);
    const trailer = trailerIndex(rest);
    if (trailer >= 0) {
      const content = rest.slice(0, trailer);
      if (content.trim() !== "") yield* this.content(content, line, column + position);
      yield* this.endMessage();
      yield* this.scan(rest.slice(trailer + 2), line, column + position + trailer + 2);
      return;
    }
    if (rest.trim() === "-") {
      yield* this.endMessage();
      return;
    }
    yield* this.content(rest, line, column + position);
  }

  *finish(): Generator<SwiftField> {
    yield* this.endMessage();
  }

  private *endMessage(): Generator<SwiftField> {
    if (this.current) yield this.current;
    this.current = null;
    this.atMessageStart = true;
  }

  /** Skips a brace-balanced block from `position`; returns where it ends (or the line's end with blockDepth > 0). */
  private skipBlock(text: string, position: number): number {
    let index = position;
    while (index < text.length) {
      const char = text[index++];
      if (char === "{") this.blockDepth++;
      else if (char === "}") {
        this.blockDepth--;
        if (this.blockDepth <= 0) {
          this.blockDepth = 0;
          return index;
        }
      }
    }
    return index;
  }

  private *content(text: string, line: number, column: number): Generator<SwiftField> {
    const tag = TAG.exec(text);
    if (tag) {
      if (this.current) yield this.current;
      this.current = { tag: tag[1]!, line, valueColumn: column + tag[0].length, lines: [text.slice(tag[0].length)] };
      this.atMessageStart = false;
      return;
    }
    if (text.trim() === "") return;
    if (this.current && SINGLE_LINE_BALANCES.has(this.current.tag) && HEADER_LINE.test(text.trim())) {
      // ABN AMRO's "ABNANL2A / 940 / ABNANL2A" between statements without the "-" separator.
      yield* this.endMessage();
      return;
    }
    if (this.current) {
      // A continuation line (":86:" text may itself start with a colon).
      this.current.lines.push(text);
      return;
    }
    if (this.atMessageStart && HEADER_LINE.test(text.trim())) return;
    if (text.startsWith(":")) {
      this.errors.add(line, `"${text.slice(0, 8)}" is not an MT940 tag`, { column, value: text });
      return;
    }
    this.errors.add(line, "text outside any tag: MT940 lines start with a :tag: or continue the previous one", { column, value: text });
  }
}

/** Where the FIN trailer "-}" starts: followed by nothing or by further envelope blocks ({5:…}, the next {1:…}). */
function trailerIndex(text: string): number {
  let from = 0;
  for (;;) {
    const index = text.indexOf("-}", from);
    if (index < 0) return -1;
    const after = text.slice(index + 2).trimStart();
    if (after === "" || BLOCK_START.test(after)) return index;
    from = index + 2;
  }
}
