import { isAscii } from "node:buffer";
import { ByteColumns } from "./byte-columns";
import { ingestLimits, limitMessage, type IngestLimits } from "../limits";
import { CellColumn } from "./cell-column";
import type { PackedTextColumn } from "./packed-columns";

/**
 * A streaming reader for delimited text (CSV, TSV, semicolon and pipe files),
 * written for the 1M-row hot path: perf-notes.md measured csv-parse at 11× and
 * papaparse at 2.9× DuckDB's time on the same file, with parsing ~80% of the
 * work.
 *
 * How it stays fast:
 * - each chunk is viewed as a latin1 string (a plain copy: one char per byte),
 *   so String#indexOf finds delimiters and line ends natively and a char
 *   offset is also a byte offset;
 * - only projected columns become strings; a field is UTF-8 decoded from the
 *   bytes only when its chunk contains non-ASCII bytes;
 * - records containing a quote take a careful path (RFC 4180: doubled quotes,
 *   delimiters and line breaks inside quotes).
 *
 * Input must be UTF-8 (callers transcode other encodings first). Reported
 * lines are the physical 1-based lines where records start, so errors and
 * exceptions can point to the exact place in the file.
 */

export interface DelimitedReadOptions {
  delimiter: string;
  quote?: string;
  /** Physical records to skip before the header (preamble lines some banks add). */
  skipRecords?: number;
  /** Header names to keep, in this order; default: every column. Missing names are an error. */
  columns?: readonly string[];
  /** For located errors. */
  fileName?: string;
  /**
   * Columns parsed to numbers as they are read (amounts to minor units, dates
   * to day numbers), by name; they are not in `columns`/`cells`. The decoder
   * reads the field in place in the chunk (text[start, end)), so a
   * million-row column costs one Float64Array, not a million strings for the
   * garbage collector to trace. See NumberColumnDecoder for what is stored.
   */
  numberColumns?: Readonly<Record<string, NumberColumnDecoder>>;
  /** Stop after this many data rows (previews): the rest of the input is not parsed, and readDelimited stops reading it. */
  maxRows?: number;
  /**
   * Keep text columns as the file's bytes (byte-columns.ts), for a worker
   * thread that only hands them on: `cells` stay empty and
   * DelimitedReader#takeByteColumns returns the columns packed.
   */
  textAsBytes?: boolean;
  /** Told each record whose field count differs from the header's (its first line, its field count), in file order: a streaming caller checks rows without a second pass. */
  onRagged?: (line: number, fields: number) => void;
}

/**
 * Parses a field's text[start, end). A number is stored; null (a blank
 * field) is stored as NaN; anything else (a parse failure) is stored as NaN
 * and the field's text is kept in `numberFailures`, so a caller can report it
 * exactly as it would have from the string.
 */
export type NumberColumnDecoder = (text: string, start: number, end: number) => unknown;

/** Cells of the number columns that did not parse: row → the field's text. */
export type NumberFailures = Map<number, string>;

export interface DelimitedTable {
  header: string[];
  columns: string[];
  /** One array per projected column; null for an empty cell. */
  cells: Array<Array<string | null>>;
  /** Per record: the 1-based physical line on which it starts. */
  lines: Uint32Array;
  rowCount: number;
  /** Records whose field count differs from the header's (first 100), for the profile's warnings. */
  raggedLines: number[];
  raggedCount: number;
  blankLines: number;
  /** Names of the number columns, in options order; `numbers` and `numberFailures` follow it. */
  numberColumns: string[];
  numbers: Float64Array[];
  numberFailures: NumberFailures[];
  /** True when maxRows stopped the read before the end of the input. */
  truncated: boolean;
}

export class DelimitedParseError extends Error {
  constructor(
    message: string,
    readonly file: string | undefined,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file ? `${file}: ` : ""}line ${line}, column ${column}: ${message}`);
    this.name = "DelimitedParseError";
  }
}

/**
 * A line, field or row past the ingest limits (limits.ts). A parse error, so
 * every caller that locates parse errors locates it too; `limit` and `what`
 * let a caller word it as limitExceeded does.
 */
export class DelimitedLimitError extends DelimitedParseError {
  constructor(
    readonly limit: keyof IngestLimits,
    readonly what: string,
    file: string | undefined,
    line: number,
    readonly limitColumn?: number,
  ) {
    super(limitMessage(limit, what), file, line, limitColumn ?? 1);
    this.name = "DelimitedLimitError";
  }
}

const LF = 10;
const CR = 13;
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
const UTF8_BOM = "\u00ef\u00bb\u00bf"; // the BOM's bytes seen through latin1

export class DelimitedReader {
  private readonly delimiter: string;
  private readonly quote: string;
  private readonly delimiterCode: number;
  private readonly quoteCode: number;
  private header: string[] | undefined;
  /** The text columns, in output order: the caller's `columns`, or every header column not read as a number. */
  private textColumns: readonly string[] = [];
  /** Per header field: ≥ 0 a string column, ≤ -2 number column (-2 - index), -1 skipped. */
  private projection: Int32Array = new Int32Array(0);
  private lastProjectedField = -1;
  private cells: CellColumn[] = [];
  private lineData = new Uint32Array(1 << 16);
  private readonly numberNames: string[];
  private readonly numberDecoders: NumberColumnDecoder[];
  private numberData: Float64Array[];
  private numberFailures: NumberFailures[];
  private readonly maxRows: number;
  /** maxRows reached: everything after is ignored. */
  private full = false;
  private rowCount = 0;
  private readonly raggedLines: number[] = [];
  private raggedCount = 0;
  private blankLines = 0;
  private recordsToSkip: number;
  private physicalLine = 1;
  /** "\n" (CRLF files trim the CR) or "\r" for classic-Mac files; decided from the first chunk. */
  private terminator: string | undefined;
  private carry: Buffer = Buffer.alloc(0);
  /**
   * Chunks without a line end that extend the carried record, kept apart
   * rather than joined on every push: a line far longer than a chunk would
   * otherwise be copied (and re-scanned) once per chunk, quadratically, until
   * the line limit stops it.
   */
  private carryTail: Buffer[] = [];
  private carryTailBytes = 0;
  /** Bytes at the end of the carried record since its last delimiter: the open field's length so far. */
  private openFieldBytes = 0;
  private readonly limits: Readonly<IngestLimits> = ingestLimits();
  private first = true;
  /**
   * Per projected column, the distinct values seen while there are few of
   * them (statuses, currencies, methods): equal cells then share one string,
   * so a million-row file does not keep a million copies of "paid" alive for
   * the garbage collector to trace. A column with many values stops pooling.
   */
  private pools: Array<Map<string, string> | undefined> = [];
  /** Per projected column, the last non-null value when it was made from ASCII bytes, else null. */
  private lastText: Array<string | null> = [];
  /** Text columns as bytes (options.textAsBytes), created with the header. */
  private byteColumns: ByteColumns | null = null;

  constructor(private readonly options: DelimitedReadOptions) {
    this.delimiter = options.delimiter;
    this.quote = options.quote ?? '"';
    if (this.delimiter.length !== 1 || this.quote.length !== 1) throw new Error("delimiter and quote must be single characters");
    this.delimiterCode = this.delimiter.charCodeAt(0);
    this.quoteCode = this.quote.charCodeAt(0);
    this.recordsToSkip = options.skipRecords ?? 0;
    this.numberNames = Object.keys(options.numberColumns ?? {});
    this.numberDecoders = this.numberNames.map((name) => options.numberColumns![name]!);
    this.numberData = this.numberNames.map(() => new Float64Array(this.lineData.length));
    this.numberFailures = this.numberNames.map(() => new Map());
    this.maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  }

  /** maxRows rows have been read; further input is ignored. */
  get done(): boolean {
    return this.full;
  }

  push(chunk: Uint8Array): void {
    if (this.full) return;
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const noLineEnd = this.terminator === "\n" || (this.terminator === undefined && bytes.indexOf(CR) < 0);
    if (this.carry.length > 0 && noLineEnd && bytes.indexOf(LF) < 0) {
      this.extendCarry(Buffer.from(bytes));
      return;
    }
    this.joinCarryTail();
    if (this.carry.length > 0) {
      // The record cut at the end of the last chunk is finished by this chunk's first line: parse that
      // joined line on its own, so the rest of the chunk is parsed in place rather than copied whole.
      const carry = this.carry;
      this.carry = Buffer.alloc(0);
      const firstLineEnd = bytes.indexOf(LF);
      if (firstLineEnd < 0) bytes = Buffer.concat([carry, bytes]);
      else {
        const head = Buffer.concat([carry, bytes.subarray(0, firstLineEnd + 1)]);
        this.pushBytes(head);
        const tail = bytes.subarray(firstLineEnd + 1);
        // Still incomplete (a quoted field runs on): carry it into the rest, as one piece.
        bytes = this.carry.length > 0 ? Buffer.concat([this.carry, tail]) : tail;
        this.carry = Buffer.alloc(0);
        if (this.full) return;
      }
    }
    this.pushBytes(bytes);
  }

  private pushBytes(bytes: Buffer): void {
    let offset = 0;
    // A large chunk is parsed a window of whole lines at a time: a window's latin1 text is small
    // enough for V8's young generation, where it dies cheaply. A multi-megabyte text would be a
    // large object in the old generation, and allocating one per chunk forces full collections
    // that trace every cell kept so far: that made parse time grow faster than the file.
    while (bytes.length - offset > TEXT_WINDOW_BYTES && !this.full) {
      const lastLineEnd = bytes.lastIndexOf(LF, offset + TEXT_WINDOW_BYTES - 1);
      if (lastLineEnd < offset) break;
      const consumed = this.parse(bytes.subarray(offset, lastLineEnd + 1), false);
      if (consumed === 0) break; // a record longer than the window (quoted line breaks): parse the rest at once
      offset += consumed;
    }
    const rest = offset > 0 ? bytes.subarray(offset) : bytes;
    const consumed = this.full ? rest.length : this.parse(rest, false);
    this.carry = consumed < rest.length ? Buffer.from(rest.subarray(consumed)) : Buffer.alloc(0);
    this.openFieldBytes = this.carry.length - this.carry.lastIndexOf(this.delimiterCode) - 1;
    this.checkCarriedRecord();
  }

  private extendCarry(bytes: Buffer): void {
    this.carryTail.push(bytes);
    this.carryTailBytes += bytes.length;
    const lastDelimiter = bytes.lastIndexOf(this.delimiterCode);
    this.openFieldBytes = lastDelimiter < 0 ? this.openFieldBytes + bytes.length : bytes.length - lastDelimiter - 1;
    this.checkCarriedRecord();
  }

  private joinCarryTail(): void {
    if (this.carryTail.length === 0) return;
    this.carry = Buffer.concat([this.carry, ...this.carryTail]);
    this.carryTail = [];
    this.carryTailBytes = 0;
  }

  /**
   * The record not yet ended (carried to the next chunk) against the field
   * and line limits. A delimiter inside quotes counts as a field's end here,
   * so a long quoted field may be reported by the line limit instead.
   */
  private checkCarriedRecord(): void {
    const { maxFieldBytes, maxLineBytes } = this.limits;
    if (this.openFieldBytes > maxFieldBytes) {
      this.joinCarryTail();
      throw new DelimitedLimitError("maxFieldBytes", "a field", this.options.fileName, this.physicalLine, countByte(this.carry, this.delimiterCode) + 1);
    }
    if (this.carry.length + this.carryTailBytes > maxLineBytes) {
      throw new DelimitedLimitError("maxLineBytes", "a line", this.options.fileName, this.physicalLine);
    }
  }

  /** The text columns read with textAsBytes, packed for posting; call after finish(). */
  takeByteColumns(): PackedTextColumn[] {
    if (this.byteColumns === null) throw new Error("the reader was not created with textAsBytes, or saw no header");
    return this.byteColumns.take();
  }

  /**
   * Hands over the records parsed so far and starts new column arrays, so a
   * caller can process a large file in batches with flat memory.
   */
  takeBatch(): { cells: Array<Array<string | null>>; lines: Uint32Array; rowCount: number; numbers: Float64Array[]; numberFailures: NumberFailures[] } {
    if (this.byteColumns !== null) throw new Error("batches are not taken from a reader with textAsBytes");
    const batch = {
      cells: this.cells.map((column) => column.take()),
      lines: this.lineData.slice(0, this.rowCount),
      rowCount: this.rowCount,
      numbers: this.numberData.map((values) => values.slice(0, this.rowCount)),
      numberFailures: this.numberFailures,
    };
    this.numberFailures = this.numberNames.map(() => new Map());
    this.rowCount = 0;
    return batch;
  }

  /** Records parsed since the last takeBatch: what a batching caller holds. */
  get pendingRows(): number {
    return this.rowCount;
  }

  get headerNames(): readonly string[] | undefined {
    return this.header;
  }

  finish(): DelimitedTable {
    this.joinCarryTail();
    if (this.carry.length > 0 && !this.full) this.parse(this.carry, true);
    this.carry = Buffer.alloc(0);
    if (!this.header) throw new DelimitedParseError("the file has no header row", this.options.fileName, 1, 1);
    return {
      header: this.header,
      columns: [...this.textColumns],
      cells: this.cells.map((column) => column.take()),
      lines: this.lineData.slice(0, this.rowCount),
      rowCount: this.rowCount,
      raggedLines: this.raggedLines,
      raggedCount: this.raggedCount,
      blankLines: this.blankLines,
      numberColumns: this.numberNames,
      numbers: this.numberData.map((values) => values.slice(0, this.rowCount)),
      numberFailures: this.numberFailures,
      truncated: this.full,
    };
  }

  /** Parses complete records from bytes; returns the byte offset of the first incomplete one. */
  private parse(bytes: Buffer, final: boolean): number {
    let text = bytes.toString("latin1");
    let pos = 0;
    if (this.first) {
      this.first = false;
      if (text.startsWith(UTF8_BOM)) pos = 3;
    }
    this.terminator ??= detectTerminator(text, final);
    if (this.terminator === undefined) return 0;
    const terminator = this.terminator;
    const ascii = isAscii(bytes);
    // Positions of non-ASCII bytes (rare in these exports): only fields that
    // contain one pay for UTF-8 decoding; the rest are latin1 slices.
    const nonAscii = ascii ? NO_POSITIONS : findNonAscii(bytes);
    let nonAsciiIndex = 0;
    const delimiter = this.delimiter;
    const end = text.length;
    let nextQuote = text.indexOf(this.quote, pos);
    if (nextQuote < 0) nextQuote = end;

    while (pos < end) {
      if (this.rowCount >= this.maxRows && this.header) {
        this.full = true;
        return end;
      }
      let lineEnd = text.indexOf(terminator, pos);
      if (lineEnd < 0) {
        if (!final) return pos;
        lineEnd = end;
      }
      if (nextQuote < pos) {
        nextQuote = text.indexOf(this.quote, pos);
        if (nextQuote < 0) nextQuote = end;
      }
      if (nextQuote < lineEnd) {
        const after = this.parseQuotedRecord(text, bytes, ascii, pos, final);
        if (after < 0) return pos;
        pos = after;
        continue;
      }
      let contentEnd = lineEnd;
      if (contentEnd > pos && text.charCodeAt(contentEnd - 1) === CR) contentEnd--;
      const line = this.physicalLine++;
      const next = lineEnd + terminator.length;
      if (contentEnd === pos || isBlankLine(text, pos, contentEnd, this.delimiterCode)) {
        this.blankLines++;
        pos = next;
        continue;
      }
      if (this.recordsToSkip > 0) {
        this.recordsToSkip--;
        pos = next;
        continue;
      }
      if (!this.header) {
        const raw = ascii ? text.slice(pos, contentEnd) : bytes.toString("utf8", pos, contentEnd);
        this.acceptHeader(raw.split(delimiter));
        pos = next;
        continue;
      }
      this.pushLine(line);
      // indexOf visits every delimiter natively; only projected fields become strings.
      const projection = this.projection;
      const cells = this.cells;
      const pools = this.pools;
      const lastText = this.lastText;
      const byteColumns = this.byteColumns;
      const lastProjected = this.lastProjectedField;
      let fieldStart = pos;
      let field = 0;
      const { maxColumns, maxFieldBytes, maxLineBytes } = this.limits;
      for (;;) {
        let fieldEnd = text.indexOf(delimiter, fieldStart);
        if (fieldEnd < 0 || fieldEnd > contentEnd) fieldEnd = contentEnd;
        if (fieldEnd - fieldStart > maxFieldBytes) throw new DelimitedLimitError("maxFieldBytes", "a field", this.options.fileName, line, field + 1);
        if (field >= maxColumns) throw new DelimitedLimitError("maxColumns", "the number of fields in a row", this.options.fileName, line, field + 1);
        if (field <= lastProjected) {
          const p = projection[field]!;
          if (p <= -2) {
            const n = -2 - p;
            if (fieldEnd === fieldStart) {
              this.numberData[n]![this.rowCount - 1] = Number.NaN;
            } else {
              while (nonAscii[nonAsciiIndex]! < fieldStart) nonAsciiIndex++;
              if (nonAscii[nonAsciiIndex]! < fieldEnd) this.storeNumber(n, utf8Slice(bytes, fieldStart, fieldEnd));
              else this.storeNumberInPlace(n, text, bytes, fieldStart, fieldEnd);
            }
          } else if (p >= 0) {
            if (byteColumns !== null) {
              if (fieldEnd === fieldStart) byteColumns.appendNull(p);
              else {
                while (nonAscii[nonAsciiIndex]! < fieldStart) nonAsciiIndex++;
                byteColumns.append(p, bytes, fieldStart, fieldEnd, !(nonAscii[nonAsciiIndex]! < fieldEnd));
              }
            } else if (fieldEnd === fieldStart) {
              cells[p]!.push(null);
            } else {
              const last = lastText[p]!;
              // Files repeat a value row after row (an order's name and email on each of its line
              // items, a status, a currency): when the field's bytes are the last value's, that string
              // is shared, and no string is made or looked up in the pool.
              if (last !== null && last.length === fieldEnd - fieldStart && text.startsWith(last, fieldStart)) {
                cells[p]!.push(last);
              } else {
                while (nonAscii[nonAsciiIndex]! < fieldStart) nonAsciiIndex++;
                const ascii = !(nonAscii[nonAsciiIndex]! < fieldEnd);
                // A fresh string per field (not text.slice, which for 13+ chars keeps a view into the
                // whole chunk alive): retained cells must not pin every chunk of a large file in memory.
                const value = !ascii
                  ? utf8Slice(bytes, fieldStart, fieldEnd)
                  : fieldEnd - fieldStart < SLICED_STRING_MIN_LENGTH
                    ? text.slice(fieldStart, fieldEnd) // V8 copies short slices, so they pin nothing
                    : latin1Slice(bytes, fieldStart, fieldEnd);
                const pool = pools[p];
                const kept = pool === undefined ? value : this.intern(p, pool, value);
                cells[p]!.push(kept);
                // Only a value made from ASCII bytes is compared as latin1 text: a decoded value could
                // equal the latin1 view of different (invalid UTF-8) bytes.
                lastText[p] = ascii ? kept : null;
              }
            }
          }
        }
        field++;
        if (fieldEnd >= contentEnd) break;
        fieldStart = fieldEnd + 1;
      }
      if (contentEnd - pos > maxLineBytes) throw new DelimitedLimitError("maxLineBytes", "a line", this.options.fileName, line);
      if (field <= lastProjected) this.padMissing(field);
      if (field !== this.header.length) this.noteRagged(line, field);
      pos = next;
    }
    // Let the sliced field strings stop pinning this chunk's text.
    text = "";
    return end;
  }

  /** Careful path for one record containing quotes. Returns the offset after it, or -1 if incomplete. */
  private parseQuotedRecord(text: string, bytes: Buffer, ascii: boolean, start: number, final: boolean): number {
    const fields: string[] = [];
    const startLine = this.physicalLine;
    const terminator = this.terminator!;
    const end = text.length;
    let linesInRecord = 0;
    let i = start;
    let fieldStart = start;
    let pieces: string[] = [];
    let inQuotes = false;
    let quoteOpenedColumn = 0;
    let quoteOpenedLine = 0;
    let lineStart = start;
    let closed = false;
    const decode = (from: number, to: number) => (ascii ? text.slice(from, to) : bytes.toString("utf8", from, to));
    const { maxColumns, maxFieldBytes, maxLineBytes } = this.limits;
    const endField = (to: number) => {
      pieces.push(decode(fieldStart, to));
      const value = pieces.join("");
      // Characters, not bytes, once decoded: within a factor of 4 of the bytes, and checked before the field is kept.
      if (value.length > maxFieldBytes) throw new DelimitedLimitError("maxFieldBytes", "a field", this.options.fileName, startLine + linesInRecord, fields.length + 1);
      if (fields.length >= maxColumns) throw new DelimitedLimitError("maxColumns", "the number of fields in a row", this.options.fileName, startLine, fields.length + 1);
      fields.push(value);
      pieces = [];
    };
    while (!closed) {
      if (i >= end) {
        if (!final) return -1;
        if (inQuotes) {
          throw new DelimitedParseError("a quoted field is never closed", this.options.fileName, quoteOpenedLine, quoteOpenedColumn);
        }
        let to = end;
        if (to > fieldStart && text.charCodeAt(to - 1) === CR) to--;
        endField(to);
        break;
      }
      const code = text.charCodeAt(i);
      if (inQuotes) {
        if (code === this.quoteCode) {
          if (i + 1 >= end && !final) return -1; // cannot tell "" from a closing quote yet
          if (i + 1 < end && text.charCodeAt(i + 1) === this.quoteCode) {
            pieces.push(decode(fieldStart, i + 1)); // keep one quote of the pair
            i += 2;
            fieldStart = i;
            continue;
          }
          pieces.push(decode(fieldStart, i));
          inQuotes = false;
          i++;
          fieldStart = i;
          continue;
        }
        if (code === LF || (terminator === "\r" && code === CR)) {
          linesInRecord++;
          lineStart = i + 1;
        }
        i++;
        continue;
      }
      if (code === this.quoteCode && i === fieldStart && pieces.length === 0) {
        inQuotes = true;
        quoteOpenedColumn = i - lineStart + 1;
        quoteOpenedLine = startLine + linesInRecord;
        i++;
        fieldStart = i;
        continue;
      }
      if (code === this.delimiterCode) {
        endField(i);
        i++;
        fieldStart = i;
        continue;
      }
      if (text.startsWith(terminator, i)) {
        let to = i;
        if (to > fieldStart && text.charCodeAt(to - 1) === CR) to--;
        endField(to);
        i += terminator.length;
        closed = true;
        continue;
      }
      i++;
    }
    if (i - start > maxLineBytes) throw new DelimitedLimitError("maxLineBytes", "a line", this.options.fileName, startLine);
    this.physicalLine = startLine + linesInRecord + 1;
    if (this.recordsToSkip > 0) {
      this.recordsToSkip--;
      return i;
    }
    if (!this.header) {
      this.acceptHeader(fields);
      return i;
    }
    this.pushLine(startLine);
    for (let f = 0; f <= this.lastProjectedField; f++) {
      const p = this.projection[f]!;
      if (p === -1) continue;
      const value = f < fields.length ? fields[f]! : "";
      if (p <= -2) {
        if (value.length > 0) this.storeNumber(-2 - p, value);
        else this.numberData[-2 - p]![this.rowCount - 1] = Number.NaN;
      } else if (this.byteColumns !== null) this.byteColumns.appendText(p, value);
      else this.cells[p]!.push(value.length > 0 ? value : null);
    }
    if (fields.length !== this.header.length) this.noteRagged(startLine, fields.length);
    return i;
  }

  private acceptHeader(fields: string[]): void {
    if (fields.length > this.limits.maxColumns) {
      throw new DelimitedLimitError("maxColumns", "the number of fields in a row", this.options.fileName, this.physicalLine - 1, this.limits.maxColumns + 1);
    }
    const header = fields.map((name) => name.trim());
    this.header = header;
    const numberNames = this.numberNames;
    const wanted = this.options.columns ?? (numberNames.length > 0 ? header.filter((name) => !numberNames.includes(name)) : header);
    this.projection = new Int32Array(header.length).fill(-1);
    for (let n = 0; n < numberNames.length; n++) {
      const index = header.indexOf(numberNames[n]!);
      if (index < 0) {
        throw new DelimitedParseError(`column '${numberNames[n]}' is not in the header`, this.options.fileName, this.physicalLine - 1, 1);
      }
      this.projection[index] = -2 - n;
      this.lastProjectedField = Math.max(this.lastProjectedField, index);
    }
    for (let p = 0; p < wanted.length; p++) {
      const index = header.indexOf(wanted[p]!);
      if (index < 0) {
        throw new DelimitedParseError(`column '${wanted[p]}' is not in the header`, this.options.fileName, this.physicalLine - 1, 1);
      }
      if (this.projection[index]! <= -2) {
        throw new DelimitedParseError(`column '${wanted[p]}' is asked for both as text and as a number`, this.options.fileName, this.physicalLine - 1, 1);
      }
      this.projection[index] = p;
      this.lastProjectedField = Math.max(this.lastProjectedField, index);
    }
    this.textColumns = wanted;
    this.cells = wanted.map(() => new CellColumn());
    this.pools = wanted.map(() => new Map<string, string>());
    this.lastText = wanted.map(() => null);
    if (this.options.textAsBytes) this.byteColumns = new ByteColumns(wanted.length);
  }

  private intern(column: number, pool: Map<string, string>, value: string): string {
    const pooled = pool.get(value);
    if (pooled !== undefined) return pooled;
    if (pool.size >= MAX_POOLED_VALUES) {
      this.pools[column] = undefined;
      return value;
    }
    pool.set(value, value);
    return value;
  }

  private pushLine(line: number): void {
    if (this.rowCount === this.lineData.length) {
      const grown = new Uint32Array(this.lineData.length * 2);
      grown.set(this.lineData);
      this.lineData = grown;
      this.numberData = this.numberData.map((values) => {
        const grownValues = new Float64Array(grown.length);
        grownValues.set(values);
        return grownValues;
      });
    }
    this.lineData[this.rowCount++] = line;
  }

  /** The current row's number column n, parsed in place from an ASCII field of the chunk. */
  private storeNumberInPlace(n: number, text: string, bytes: Buffer, start: number, end: number): void {
    const value = this.numberDecoders[n]!(text, start, end);
    if (typeof value === "number") this.numberData[n]![this.rowCount - 1] = value;
    else this.noteNumber(n, value, bytes.toString("latin1", start, end));
  }

  /** The same for a field that needed decoding (non-ASCII or quoted). */
  private storeNumber(n: number, field: string): void {
    const value = this.numberDecoders[n]!(field, 0, field.length);
    if (typeof value === "number") this.numberData[n]![this.rowCount - 1] = value;
    else this.noteNumber(n, value, field);
  }

  /** A fresh string (not a slice of the chunk), so a kept failure does not pin the chunk. */
  private noteNumber(n: number, value: unknown, field: string): void {
    this.numberData[n]![this.rowCount - 1] = Number.NaN;
    if (value !== null) this.numberFailures[n]!.set(this.rowCount - 1, field);
  }

  /** Pads projected columns a short record did not reach, so every column stays rowCount long. */
  private padMissing(fieldsSeen: number): void {
    for (let f = fieldsSeen; f <= this.lastProjectedField; f++) {
      const p = this.projection[f]!;
      if (p >= 0) {
        if (this.byteColumns !== null) this.byteColumns.appendNull(p);
        else this.cells[p]!.push(null);
      } else if (p <= -2) this.numberData[-2 - p]![this.rowCount - 1] = Number.NaN;
    }
  }

  private noteRagged(line: number, fields: number): void {
    this.options.onRagged?.(line, fields);
    this.raggedCount++;
    if (this.raggedLines.length < 100) this.raggedLines.push(line);
  }
}

function countByte(bytes: Buffer, byte: number): number {
  let count = 0;
  for (let at = bytes.indexOf(byte); at >= 0; at = bytes.indexOf(byte, at + 1)) count++;
  return count;
}

export async function readDelimited(chunks: AsyncIterable<Uint8Array>, options: DelimitedReadOptions): Promise<DelimitedTable> {
  const reader = new DelimitedReader(options);
  for await (const chunk of chunks) {
    reader.push(chunk);
    // Leaving the loop returns the iterator, which closes a file stream.
    if (reader.done) break;
  }
  return reader.finish();
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
const latin1Slice: (bytes: Buffer, start: number, end: number) => string =
  typeof nativeSlices.latin1Slice === "function"
    ? (bytes, start, end) => (bytes as NativeSlices).latin1Slice!(start, end)
    : (bytes, start, end) => bytes.toString("latin1", start, end);
const utf8Slice: (bytes: Buffer, start: number, end: number) => string =
  typeof nativeSlices.utf8Slice === "function"
    ? (bytes, start, end) => (bytes as NativeSlices).utf8Slice!(start, end)
    : (bytes, start, end) => bytes.toString("utf8", start, end);

const NO_POSITIONS = [Number.MAX_SAFE_INTEGER];
/** Below V8's large-object threshold (128 KiB), so a window's text is allocated young. */
const TEXT_WINDOW_BYTES = 64 * 1024;
const MAX_POOLED_VALUES = 512;
/** V8 makes a slice of 13 or more characters a view into its parent string (SlicedString::kMinLength). */
const SLICED_STRING_MIN_LENGTH = 13;
/** Offsets of non-ASCII bytes, ending with a sentinel; four bytes per step where aligned. */
function findNonAscii(bytes: Uint8Array): number[] {
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
function detectTerminator(sample: string, final: boolean): string | undefined {
  const lf = sample.indexOf("\n");
  const cr = sample.indexOf("\r");
  if (lf >= 0 && (cr < 0 || cr + 1 >= lf)) return "\n";
  if (cr >= 0 && cr + 1 < sample.length) return "\r";
  // A CR at the very end may be the first half of CRLF: decide with the next chunk.
  return final ? (cr >= 0 ? "\r" : "\n") : undefined;
}
