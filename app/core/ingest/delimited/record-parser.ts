import { isAscii } from "node:buffer";
import { CR, LF, NO_POSITIONS, UTF8_BOM, detectTerminator, findNonAscii, isBlankLine, latin1Slice, utf8Slice } from "./byte-text";
import { DelimitedLimitError, DelimitedParseError } from "./delimited-errors";
import { DelimitedRows } from "./delimited-rows";
import type { DelimitedReadOptions } from "./delimited-types";

/** V8 makes a slice of 13 or more characters a view into its parent string (SlicedString::kMinLength). */
const SLICED_STRING_MIN_LENGTH = 13;

/**
 * Parses the whole records in a window of a chunk (see read-delimited.ts for
 * how it stays fast): a record without quotes on the fast path, one with
 * quotes on the careful one, each field written to the rows as it is found.
 */
export abstract class DelimitedRecordParser extends DelimitedRows {
  private readonly delimiter: string;
  private readonly quote: string;
  protected readonly delimiterCode: number;
  private readonly quoteCode: number;
  private readonly maxRows: number;
  /** maxRows reached: everything after is ignored. */
  protected full = false;
  private recordsToSkip: number;
  /** "\n" (CRLF files trim the CR) or "\r" for classic-Mac files; decided from the first chunk. */
  protected terminator: string | undefined;
  private first = true;

  constructor(options: DelimitedReadOptions) {
    super(options);
    this.delimiter = options.delimiter;
    this.quote = options.quote ?? '"';
    if (this.delimiter.length !== 1 || this.quote.length !== 1) throw new Error("delimiter and quote must be single characters");
    this.delimiterCode = this.delimiter.charCodeAt(0);
    this.quoteCode = this.quote.charCodeAt(0);
    this.recordsToSkip = options.skipRecords ?? 0;
    this.maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  }

  /** Parses complete records from bytes; returns the byte offset of the first incomplete one. */
  protected parse(bytes: Buffer, final: boolean): number {
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
      // Fields past the header's are only looked at to tell a stray trailing delimiter from a misplaced value.
      let extraFieldsBlank = true;
      const width = this.header.length;
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
        } else if (field >= width && extraFieldsBlank && bytes.toString("utf8", fieldStart, fieldEnd).trim() !== "") {
          extraFieldsBlank = false;
        }
        field++;
        if (fieldEnd >= contentEnd) break;
        fieldStart = fieldEnd + 1;
      }
      if (contentEnd - pos > maxLineBytes) throw new DelimitedLimitError("maxLineBytes", "a line", this.options.fileName, line);
      if (field <= lastProjected) this.padMissing(field);
      if (field !== width) this.noteRagged(line, field, extraFieldsBlank);
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
    if (fields.length !== this.header.length) {
      this.noteRagged(startLine, fields.length, fields.slice(this.header.length).every((field) => field.trim() === ""));
    }
    return i;
  }
}
