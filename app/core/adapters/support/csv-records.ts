/**
 * RFC 4180 records from text whose rows do not share one header (PayPal STL
 * mixes header, section and footer rows of different widths), so the
 * header-based delimited reader does not fit. Quoted fields may hold the
 * delimiter, doubled quotes and line breaks; each record keeps the 1-based
 * physical line it starts on and the 1-based character column of each field.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
  /** Per field: 1-based character column where it starts on its line. */
  columns: number[];
}

export interface CsvRecordError {
  line: number;
  column: number;
  message: string;
}

/**
 * No report row comes near this; a longer record is a quote never closed,
 * which would otherwise hold the rest of the file as one field. Checked the
 * same way whether the text comes whole or in chunks.
 */
export const MAX_CSV_RECORD_CHARS = 1024 * 1024;

export function splitCsvRecords(text: string, delimiter = ","): { records: CsvRecord[]; error?: CsvRecordError } {
  const records: CsvRecord[] = [];
  const { error } = scanRecords(text, 0, 1, delimiter, true, records);
  return error ? { records, error } : { records };
}

/**
 * The same records from text that comes in chunks: each push returns the
 * records it completed, and the record cut at the chunk's end is carried
 * (memory: one record, never the file). Throws the first CsvRecordError.
 */
export class CsvRecordSplitter {
  private carry = "";
  private line = 1;

  constructor(private readonly delimiter = ",") {}

  push(text: string): CsvRecord[] {
    return this.scan(this.carry + text, false);
  }

  finish(): CsvRecord[] {
    return this.scan(this.carry, true);
  }

  private scan(text: string, final: boolean): CsvRecord[] {
    const records: CsvRecord[] = [];
    const scanned = scanRecords(text, 0, this.line, this.delimiter, final, records);
    if (scanned.error) throw new CsvRecordSyntaxError(scanned.error);
    this.carry = text.slice(scanned.consumed);
    this.line = scanned.line;
    return records;
  }
}

export class CsvRecordSyntaxError extends Error {
  constructor(readonly located: CsvRecordError) {
    super(located.message);
    this.name = "CsvRecordSyntaxError";
  }
}

/** Thrown inside a scan when the text ends before the record does and more may come. */
const INCOMPLETE = Symbol("incomplete record");

/**
 * Scans whole records from `start`. Not `final`: a record is complete only
 * when a character follows its line end (a CR may be half of a CRLF, a quote
 * half of a doubled one), so the last one waits for more text.
 */
function scanRecords(
  text: string,
  start: number,
  firstLine: number,
  delimiter: string,
  final: boolean,
  records: CsvRecord[],
): { consumed: number; line: number; error?: CsvRecordError } {
  let line = firstLine;
  let lineStart = start;
  let i = start;
  const length = text.length;
  // Not final: nothing at or past the last character is decided.
  const limit = final ? length : length - 1;
  while (i < length) {
    const recordStart = i;
    const recordLine = line;
    const recordLineStart = lineStart;
    const fields: string[] = [];
    const columns: number[] = [];
    let atRecordEnd = false;
    let quoted = false;
    try {
      // A record: fields until an unquoted line end (or the end of the text).
      while (!atRecordEnd) {
        columns.push(i - lineStart + 1);
        if (i >= limit && !final) throw INCOMPLETE;
        if (text[i] === '"') {
          quoted = true;
          const openedLine = line;
          const openedColumn = i - lineStart + 1;
          let value = "";
          i++;
          for (;;) {
            if (i - recordStart > MAX_CSV_RECORD_CHARS) return tooLong(recordStart, recordLine, recordLineStart);
            if (i >= limit) {
              if (!final) throw INCOMPLETE;
              if (i >= length) return { consumed: recordStart, line: recordLine, error: { line: openedLine, column: openedColumn, message: "a quoted field is never closed" } };
            }
            const char = text[i]!;
            if (char === '"') {
              if (text[i + 1] === '"') {
                value += '"';
                i += 2;
                continue;
              }
              i++;
              break;
            }
            if (char === "\n" || (char === "\r" && text[i + 1] !== "\n")) {
              line++;
              lineStart = i + 1;
            }
            value += char;
            i++;
          }
          fields.push(value);
          // Tolerate spaces between the closing quote and the delimiter, as STL writers emit none but editors add them.
          while (text[i] === " ") i++;
        } else {
          let end = i;
          while (end < length && text[end] !== delimiter && text[end] !== "\n" && text[end] !== "\r") end++;
          if (end - recordStart > MAX_CSV_RECORD_CHARS) return tooLong(recordStart, recordLine, recordLineStart);
          fields.push(text.slice(i, end));
          i = end;
        }
        if (i >= limit && !final) throw INCOMPLETE;
        if (i >= length) {
          atRecordEnd = true;
        } else if (text[i] === delimiter) {
          i++;
        } else if (text[i] === "\r" || text[i] === "\n") {
          i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
          line++;
          lineStart = i;
          atRecordEnd = true;
        } else {
          return { consumed: recordStart, line: recordLine, error: { line, column: i - lineStart + 1, message: "unexpected text after a closing quote" } };
        }
      }
    } catch (signal) {
      if (signal !== INCOMPLETE) throw signal;
      return { consumed: recordStart, line: recordLine };
    }
    // A line of only delimiters and whitespace holds no value: blank, as the ingest reader counts it.
    const blank = !quoted && fields.every((field) => field.trim() === "");
    if (!blank) records.push({ line: recordLine, fields, columns });
  }
  return { consumed: i, line };
}

function tooLong(recordStart: number, line: number, lineStart: number): { consumed: number; line: number; error: CsvRecordError } {
  return { consumed: recordStart, line, error: { line, column: recordStart - lineStart + 1, message: `the record is longer than ${MAX_CSV_RECORD_CHARS} characters: a quoted field is likely never closed` } };
}
