import { isBlankLine } from "./byte-text";

/**
 * Splits delimited text into records with every field, for sniffing samples
 * and for the rare full pass that needs field counts (files with ragged rows).
 *
 * It deliberately mirrors read-delimited.ts, which loads the data: the same
 * line-end choice (LF, or CR for classic-Mac files), blank lines skipped but
 * counted (a line of only delimiters and whitespace is blank too), a quote opening a quoted field only at the field's start, doubled
 * quotes, a CR before the line end trimmed. So the lines and field counts
 * found here are the ones the reader sees, and `headerRow` can be turned
 * into the reader's `skipRecords`.
 */

export interface TextRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
}

export class UnterminatedQuoteError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
  ) {
    super(`a quoted field opened at line ${line}, column ${column} is never closed`);
    this.name = "UnterminatedQuoteError";
  }
}

const CR = "\r";

export class RecordSplitter {
  private carry = "";
  private first = true;
  private terminator: string | undefined;
  private line = 1;

  constructor(
    private readonly delimiter: string,
    private readonly onRecord: (record: TextRecord) => void,
    private readonly quote = '"',
  ) {}

  push(text: string): void {
    this.parse(this.carry + text, false);
  }

  /** Parses what is left; throws UnterminatedQuoteError for a quote never closed. */
  finish(): void {
    this.parse(this.carry, true);
  }

  private parse(input: string, final: boolean): void {
    let text = input;
    if (this.first && text.length > 0) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.terminator ??= detectTerminator(text, final);
    if (this.terminator === undefined) {
      this.carry = text;
      return;
    }
    let pos = 0;
    // The next quote at or after pos (text.length when none): looked up again only once passed, so lines without quotes cost no scan.
    let nextQuote = -1;
    while (pos < text.length) {
      if (nextQuote < pos) {
        nextQuote = text.indexOf(this.quote, pos);
        if (nextQuote < 0) nextQuote = text.length;
      }
      const next = this.parseRecord(text, pos, final, nextQuote);
      if (next < 0) break;
      pos = next;
    }
    this.carry = text.slice(pos);
  }

  /** Reads one record (or blank line) at `start`; returns the offset after it, or -1 when it is not complete yet. */
  private parseRecord(text: string, start: number, final: boolean, nextQuote: number): number {
    const terminator = this.terminator!;
    const lineEnd = text.indexOf(terminator, start);
    const physicalEnd = lineEnd < 0 ? text.length : lineEnd;
    let contentEnd = physicalEnd;
    if (contentEnd > start && text[contentEnd - 1] === CR) contentEnd--;
    if ((lineEnd >= 0 || final) && (contentEnd === start || (nextQuote >= physicalEnd && isBlankLine(text, start, contentEnd, this.delimiter.charCodeAt(0))))) {
      this.line++;
      return lineEnd < 0 ? text.length : lineEnd + terminator.length;
    }

    // Most lines hold no quote: split them directly, as the reader's fast path does.
    if ((lineEnd >= 0 || final) && nextQuote >= physicalEnd) {
      this.onRecord({ line: this.line++, fields: text.slice(start, contentEnd).split(this.delimiter) });
      return lineEnd < 0 ? text.length : lineEnd + terminator.length;
    }

    const fields: string[] = [];
    const startLine = this.line;
    let linesInRecord = 0;
    let fieldStart = start;
    let pieces = "";
    let inQuotes = false;
    let quotedAtLine = 0;
    let quotedAtColumn = 0;
    let lineStart = start;
    let i = start;
    for (;;) {
      if (i >= text.length) {
        if (!final) return -1;
        if (inQuotes) throw new UnterminatedQuoteError(quotedAtLine, quotedAtColumn);
        let to = text.length;
        if (to > fieldStart && text[to - 1] === CR) to--;
        fields.push(pieces + text.slice(fieldStart, to));
        break;
      }
      const char = text[i]!;
      if (inQuotes) {
        if (char === this.quote) {
          if (i + 1 >= text.length && !final) return -1; // "" or a closing quote: the next chunk decides
          if (text[i + 1] === this.quote) {
            pieces += text.slice(fieldStart, i + 1);
            i += 2;
            fieldStart = i;
            continue;
          }
          pieces += text.slice(fieldStart, i);
          inQuotes = false;
          i++;
          fieldStart = i;
          continue;
        }
        if (char === "\n" || (terminator === CR && char === CR)) {
          linesInRecord++;
          lineStart = i + 1;
        }
        i++;
        continue;
      }
      if (char === this.quote && i === fieldStart && pieces.length === 0) {
        inQuotes = true;
        quotedAtLine = startLine + linesInRecord;
        quotedAtColumn = i - lineStart + 1;
        i++;
        fieldStart = i;
        continue;
      }
      if (char === this.delimiter) {
        fields.push(pieces + text.slice(fieldStart, i));
        pieces = "";
        i++;
        fieldStart = i;
        continue;
      }
      if (text.startsWith(terminator, i)) {
        let to = i;
        if (to > fieldStart && text[to - 1] === CR) to--;
        fields.push(pieces + text.slice(fieldStart, to));
        i += terminator.length;
        break;
      }
      i++;
    }
    this.line = startLine + linesInRecord + 1;
    this.onRecord({ line: startLine, fields });
    return i;
  }
}

/** Same rule as read-delimited: LF (CRLF included) unless a lone CR comes first; undecided until a line end is seen. */
function detectTerminator(text: string, final: boolean): string | undefined {
  const lf = text.indexOf("\n");
  const cr = text.indexOf("\r");
  if (lf >= 0 && (cr < 0 || cr + 1 >= lf)) return "\n";
  if (cr >= 0 && cr + 1 < text.length) return "\r";
  return final ? (cr >= 0 ? "\r" : "\n") : undefined;
}

/** All complete records of a text; when `complete` is false a last record the sample may have cut is left out. */
export function splitRecords(text: string, delimiter: string, complete: boolean, limit = Number.POSITIVE_INFINITY): TextRecord[] {
  const records: TextRecord[] = [];
  const splitter = new RecordSplitter(delimiter, (record) => {
    if (records.length < limit) records.push(record);
  });
  splitter.push(text);
  if (complete) splitter.finish();
  return records;
}
