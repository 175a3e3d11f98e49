import type { CsvReadOptions } from "./csv";

/**
 * A header searched for below a preamble, for the header-based CSVs that
 * bank downloads are: German and Dutch exports put account lines before the
 * header (Deutsche Bank: "Umsätze Girokonto;Zeitraum: …") and a balance
 * line after the records ("Kontostand;…"), and each bank writes its own
 * delimiter. The format says which line is its header (and so the
 * delimiter); the lines before it and the trailer lines after it are
 * emptied before the delimited reader sees them, their line breaks kept, so
 * every record keeps its physical line number.
 *
 * The search works on the UTF-8 bytes as they come, a chunk at a time, and
 * holds at most one line: the one being tested (up to MAX_HEADER_LINE_BYTES),
 * and the line breaks of the preamble, which are written out once the
 * header is found. Lines are cut at LF, CRLF and a lone CR, as splitLines cuts them.
 */
export interface HeaderSearch<Found> {
  /** How far down (in physical lines) the header may be. */
  lines: number;
  /** Whether a line's text is the header, and then the delimiter it is written with and what the format is told (its begin()). */
  find(line: string): { delimiter: CsvReadOptions["delimiter"]; found: Found } | undefined;
  /** A line after the header that is no record (a closing balance), known by its first field. */
  trailerFirstField?(found: Found): string | undefined;
  /** The message when none of the first `lines` lines is a header; reported on the first line that is not blank. */
  notFound: string;
}

/** A header or a closing line is short: a longer line is neither, so what is held of one line stays small. */
const MAX_HEADER_LINE_BYTES = 64 * 1024;
/** Longer than any trailer's first field with the blanks around it. */
const MAX_TRAILER_FIELD_BYTES = 1024;
const LF = 0x0a;
const CR = 0x0d;

/** A header line's names, split plainly: headers hold no delimiter inside quotes, so this is enough to recognize one. */
export function namesOfLine(line: string, delimiter: string): string[] {
  return line
    .replace(/^\uFEFF/, "")
    .split(delimiter)
    .map((name) => name.trim().replace(/^"(.*)"$/, "$1").trim());
}

export class PreambleFilter<Found> {
  /** The header, once found: its delimiter, what find() said, its line. */
  located: { delimiter: CsvReadOptions["delimiter"]; found: Found; line: number } | undefined;
  /** Set at the end when no header was found: the line to report it on. */
  notFoundLine: number | undefined;
  private phase: "searching" | "refused" | "reading" = "searching";
  /** The physical line being read while searching. */
  private line = 1;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private afterCr = false;
  /** The preamble's line breaks, as written. */
  private breaks: number[] = [];
  private firstNonBlank: number | undefined;
  private atStart = true;
  private trailer: string | undefined;
  /** After the header: reading a line's first field, passing the line on, or dropping it (a trailer line). */
  private lineMode: "first-field" | "pass" | "drop" = "pass";

  constructor(private readonly search: HeaderSearch<Found>) {}

  /** The bytes for the delimited reader (empty while the header is still searched for). */
  push(bytes: Uint8Array): Uint8Array {
    let input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // A UTF-8 byte order mark is not the text (read() may hand one over; the streamed text has none).
    if (this.atStart && input.length > 0) {
      this.atStart = false;
      if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) input = input.subarray(3);
    }
    if (this.phase === "reading") return this.afterHeader(input);
    return this.searching(input);
  }

  /** The last bytes for the delimited reader; sets notFoundLine when the file has no header. */
  finish(): Uint8Array {
    if (this.phase === "reading") return this.finishLine();
    // The text after the last line break is a line too.
    if (this.endLine()) return Buffer.concat([Buffer.from(this.breaks), ...this.held]);
    this.notFoundLine = this.firstNonBlank ?? 1;
    return Buffer.alloc(0);
  }

  private searching(input: Buffer): Uint8Array {
    let at = 0;
    while (at < input.length) {
      const byte = input[at]!;
      if (byte === LF && this.afterCr) {
        // The LF of a CRLF: the line ended at its CR.
        this.breaks.push(LF);
        this.afterCr = false;
        at++;
        continue;
      }
      if (byte === LF || byte === CR) {
        this.afterCr = byte === CR;
        if (this.endLine()) {
          const header = Buffer.concat([Buffer.from(this.breaks), ...this.held]);
          this.held = [];
          this.heldBytes = 0;
          this.breaks = [];
          this.lineMode = "pass";
          const rest = this.afterHeader(input.subarray(at));
          return Buffer.concat([header, rest]);
        }
        if (this.phase === "searching") this.breaks.push(byte);
        at++;
        continue;
      }
      this.afterCr = false;
      const end = lineEnd(input, at);
      this.hold(input.subarray(at, end < 0 ? input.length : end));
      at = end < 0 ? input.length : end;
    }
    return Buffer.alloc(0);
  }

  private hold(piece: Buffer): void {
    this.heldBytes += piece.length;
    if (this.heldBytes > MAX_HEADER_LINE_BYTES) {
      // Neither a header nor blank: only its length is kept.
      this.held = [];
      return;
    }
    this.held.push(Buffer.from(piece));
  }

  /** A line ended (at a line break or the end of the file): true when it is the header. */
  private endLine(): boolean {
    const tooLong = this.heldBytes > MAX_HEADER_LINE_BYTES;
    const text = tooLong ? "" : Buffer.concat(this.held).toString("utf8");
    if (this.firstNonBlank === undefined && (tooLong || text.trim() !== "")) this.firstNonBlank = this.line;
    if (this.phase === "searching" && !tooLong) {
      const hit = this.search.find(text);
      if (hit) {
        this.located = { ...hit, line: this.line };
        this.trailer = this.search.trailerFirstField?.(hit.found);
        this.phase = "reading";
        return true;
      }
    }
    this.held = [];
    this.heldBytes = 0;
    this.line++;
    if (this.phase === "searching" && this.line > this.search.lines) {
      this.phase = "refused";
      this.breaks = [];
    }
    return false;
  }

  /** After the header: everything passes, but trailer lines, emptied to their line breaks. */
  private afterHeader(input: Buffer): Uint8Array {
    if (this.trailer === undefined) return input;
    const out: Buffer[] = [];
    let at = 0;
    while (at < input.length) {
      if (this.lineMode !== "first-field") {
        const end = lineEnd(input, at);
        const stop = end < 0 ? input.length : end + 1;
        if (this.lineMode === "pass") out.push(input.subarray(at, stop));
        else if (end >= 0) out.push(input.subarray(end, stop));
        if (end >= 0) this.lineMode = "first-field";
        at = stop;
        continue;
      }
      const stop = fieldEnd(input, at, this.located!.delimiter);
      this.hold(input.subarray(at, stop < 0 ? input.length : stop));
      at = stop < 0 ? input.length : stop;
      if (stop >= 0 || this.heldBytes > MAX_TRAILER_FIELD_BYTES) out.push(this.decideLine());
    }
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** The first field of a line after the header is complete (or too long to be the trailer's): keep the line or drop it. */
  private decideLine(): Buffer {
    const tooLong = this.heldBytes > MAX_TRAILER_FIELD_BYTES;
    const first = Buffer.concat(this.held);
    this.held = [];
    this.heldBytes = 0;
    const isTrailer = !tooLong && namesOfLine(first.toString("utf8"), this.located!.delimiter)[0] === this.trailer;
    this.lineMode = isTrailer ? "drop" : "pass";
    return isTrailer ? Buffer.alloc(0) : first;
  }

  private finishLine(): Uint8Array {
    return this.lineMode === "first-field" && this.held.length > 0 ? this.decideLine() : Buffer.alloc(0);
  }
}

/** The next CR or LF from `at`, or -1. */
function lineEnd(bytes: Buffer, at: number): number {
  const lf = bytes.indexOf(LF, at);
  const cr = bytes.indexOf(CR, at);
  if (lf < 0) return cr;
  if (cr < 0) return lf;
  return Math.min(lf, cr);
}

/** The next delimiter, CR or LF from `at`, or -1. */
function fieldEnd(bytes: Buffer, at: number, delimiter: string): number {
  const line = lineEnd(bytes, at);
  const field = bytes.indexOf(delimiter.charCodeAt(0), at);
  if (field < 0) return line;
  if (line < 0) return field;
  return Math.min(line, field);
}
