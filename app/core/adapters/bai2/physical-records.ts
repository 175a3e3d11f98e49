import { splitLines, type TextLine } from "../support/text";
import type { ErrorSink } from "./error-sink";

/**
 * BAI2 physical records out of the file's text, whatever the bank's layout:
 * - one record per line, ending with "/" or not (many banks drop it);
 * - several "/"-terminated records on one physical line ("…,2/02,…/ 03,…");
 * - fixed-length files: lines padded to 80 columns with spaces, or no line
 *   breaks at all, cut every "physical record length" characters (01 field 7);
 * - a record that runs on to the next physical line without an 88 (the next
 *   line does not start with a record code): the pieces are joined as is.
 * A "/" ends a record, except inside the text of a 16 (and its 88s), which
 * may hold "/" and ",": there a "/" ends the record only at the end of the
 * line or before the next record's code. Source: BAI Cash Management Balance
 * Reporting Specifications Version 2 (2005), "Record format" and "Text field".
 */

export interface PhysicalRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  /** 1-based character column of the record code on that line. */
  column: number;
  /** "01", "02", "03", "16", "88", "49", "98", "99" (or anything else, reported later). */
  code: string;
  /** What follows "NN," up to (not including) the "/" or the end of the record. */
  body: string;
  /** Ended with "/" (its last field is complete), rather than at the end of the line. */
  terminated: boolean;
  /** Lines the body runs on to (a record wrapped without an 88): body offsets where each starts. */
  wraps: Array<{ offset: number; line: number }>;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
const TRAILING_PADDING = /[\s\x00\x1a]+$/;
const BLANK = /\s/;
const KNOWN_CODE = /^\s*(?:01|02|03|16|49|88|98|99),/;
const RECORD_START = /^\s*\d\d[,/]/;
/** How much of text that starts no record its error shows. */
const JUNK_SHOWN = 10;
/** A fixed-length file without line breaks: record length when the 01 header gives none (the common 80). */
const DEFAULT_RECORD_LENGTH = 80;

export function physicalRecords(text: string, errors: ErrorSink): PhysicalRecord[] {
  const splitter = new PhysicalRecordSplitter(errors);
  const records: PhysicalRecord[] = [];
  for (const line of physicalLines(text)) records.push(...splitter.line(line));
  records.push(...splitter.end());
  return records;
}

/**
 * The records line by line (a file read in chunks): `line` returns the
 * records that are complete, the last one being held while the next line
 * may still run it on.
 */
export class PhysicalRecordSplitter {
  private pending: PhysicalRecord[] = [];
  private open: PhysicalRecord | null = null;
  private textRecord = false;

  constructor(private readonly errors: ErrorSink) {}

  /** `columnOffset`: characters of the same line before this text (a line without breaks fed in pieces, see stream.ts). */
  line({ line, text: raw }: TextLine, columnOffset = 0): PhysicalRecord[] {
    // Padding: spaces of fixed-length records, NULs some transmissions fill blocks with, a DOS end-of-file (Ctrl-Z).
    const lineText = raw.replace(TRAILING_PADDING, "");
    if (lineText.trim() === "") return [];
    let pos = 0;
    const open = this.open;
    if (open && !open.terminated && !RECORD_START.test(lineText)) {
      // The record runs on from the line before: join the pieces, no separator (a field may be cut mid-value).
      const end = recordEnd(lineText, 0, this.textRecord);
      open.wraps.push({ offset: open.body.length, line });
      open.body += lineText.slice(0, end.at);
      open.terminated = end.terminated;
      pos = end.next;
    }
    while (pos < lineText.length) {
      while (pos < lineText.length && (lineText[pos] === " " || lineText[pos] === "\t")) pos++;
      if (pos >= lineText.length) break;
      const code = lineText.slice(pos, pos + 2);
      if (!/^\d\d$/.test(code)) {
        const shown = lineText.slice(pos, pos + JUNK_SHOWN);
        this.errors.add(line, `"${shown}" does not start a BAI2 record (a two-digit record code and ",")`, { column: columnOffset + pos + 1, value: shown });
        const slash = lineText.indexOf("/", pos);
        pos = slash < 0 ? lineText.length : slash + 1;
        this.open = null;
        continue;
      }
      if (code !== "88") this.textRecord = code === "16";
      const bodyStart = lineText[pos + 2] === "," ? pos + 3 : pos + 2;
      const end = recordEnd(lineText, bodyStart, this.textRecord);
      const record: PhysicalRecord = { line, column: columnOffset + pos + 1, code, body: lineText.slice(bodyStart, end.at), terminated: end.terminated, wraps: [] };
      this.pending.push(record);
      this.open = record;
      pos = end.next;
    }
    // Only the open, unterminated record (always the last one) can still grow.
    const held = this.open && !this.open.terminated ? this.pending.length - 1 : this.pending.length;
    return this.pending.splice(0, held);
  }

  end(): PhysicalRecord[] {
    return this.pending.splice(0);
  }
}

/**
 * Where the records of a line's text certainly end, when more of the line
 * may follow: just after the last "/" that ends a record whatever comes
 * next (the rule of recordEnd below, decided only once the characters after
 * a text record's "/" tell), or 0. `textRecord` is whether the record
 * before the text was a 16 (an 88 continues its text); returns it as of the cut.
 */
export function certainRecordsEnd(text: string, textRecord: boolean): { cut: number; textRecord: boolean } {
  let cut = 0;
  let cutTextRecord = textRecord;
  let pos = 0;
  /** Text that is no record is reported with its first JUNK_SHOWN characters: no cut falls inside them. */
  let noCutBefore = 0;
  for (;;) {
    while (pos < text.length && (text[pos] === " " || text[pos] === "\t")) pos++;
    if (pos + 3 > text.length) return { cut, textRecord: cutTextRecord };
    const code = text.slice(pos, pos + 2);
    let slash: number;
    if (!/^\d\d$/.test(code)) {
      slash = text.indexOf("/", pos);
      noCutBefore = pos + JUNK_SHOWN;
    } else {
      if (code !== "88") textRecord = code === "16";
      slash = certainSlash(text, text[pos + 2] === "," ? pos + 3 : pos + 2, textRecord);
    }
    if (slash < 0) return { cut, textRecord: cutTextRecord };
    pos = slash + 1;
    if (pos < noCutBefore) continue;
    cut = pos;
    cutTextRecord = textRecord;
  }
}

/** The "/" that ends a record whose body starts at `from`, once it is certain; -1 while it is not. */
function certainSlash(text: string, from: number, textRecord: boolean): number {
  for (let slash = text.indexOf("/", from); slash >= 0; slash = text.indexOf("/", slash + 1)) {
    if (!textRecord) return slash;
    let codeStart = slash + 1;
    while (codeStart < text.length && BLANK.test(text[codeStart]!)) codeStart++;
    // Only blanks after it so far (the end of the line, or more text, is still to come), or too little of the next code.
    if (codeStart + 3 > text.length) return -1;
    if (KNOWN_CODE.test(text.slice(codeStart, codeStart + 3))) return slash;
  }
  return -1;
}

/** Where a record that starts its body at `from` ends: at its "/" (see the text rule above) or at the end of the line. */
function recordEnd(line: string, from: number, textRecord: boolean): { at: number; next: number; terminated: boolean } {
  let slash = line.indexOf("/", from);
  while (slash >= 0) {
    const rest = line.slice(slash + 1);
    if (!textRecord || rest.trim() === "" || KNOWN_CODE.test(rest)) return { at: slash, next: slash + 1, terminated: true };
    slash = line.indexOf("/", slash + 1);
  }
  return { at: line.length, next: line.length, terminated: false };
}

/** Lines of the text; a file with no line break at all is cut into fixed-length records. */
export function physicalLines(text: string): TextLine[] {
  if (/[\r\n]/.test(text)) return splitLines(text);
  const length = declaredRecordLength(text);
  if (length === null || text.length <= length) return splitLines(text);
  const lines: TextLine[] = [];
  for (let offset = 0, line = 1; offset < text.length; offset += length, line++) lines.push({ line, text: text.slice(offset, offset + length) });
  return lines;
}

/** 01 field 7, the physical record length, when a file without line breaks is a fixed-length one. */
function declaredRecordLength(text: string): number | null {
  const length = paddedRecordLength(text, true);
  return length !== null && length !== "undecided" && text.length % length === 0 ? length : null;
}

/**
 * The record length a file without line breaks may be cut at, from its first
 * characters (`final`: all of them): null when it is certainly no
 * fixed-length file, "undecided" while too few characters have come. Whether the length divides the file's
 * is known only at its end.
 */
export function paddedRecordLength(prefix: string, final: boolean): number | "undecided" | null {
  if (prefix.length < 3 && !final) return "01,".startsWith(prefix) ? "undecided" : null;
  if (!prefix.startsWith("01,")) return null;
  const slash = prefix.indexOf("/");
  // The header runs to its "/" (or 200 characters when it has none).
  if (slash < 0 && !final) return "undecided";
  const header = prefix.slice(0, slash < 0 ? 200 : slash).split(",");
  const declared = Number(header[6]);
  const length = Number.isInteger(declared) && declared >= 20 ? declared : DEFAULT_RECORD_LENGTH;
  if (prefix.length < length * 2 + 3 && !final) return "undecided";
  // Padding is what tells a fixed-length file from one long line of "/"-separated records.
  return /\/ {2,}\d\d,/.test(prefix.slice(0, length * 2 + 3)) ? length : null;
}
