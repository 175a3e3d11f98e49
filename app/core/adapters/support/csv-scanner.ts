import { DelimitedParseError, DelimitedReader } from "~/core/ingest/delimited/read-delimited";
import type { CsvFile, CsvReadOptions } from "./csv";
import { LocatedErrors } from "./located-errors";

/**
 * Header-based delimited files read a batch of records at a time, with the
 * ingest pipeline's reader (quoting, BOMs, CRLF and physical line numbers as
 * for a plain upload). Each push hands back the records it completed, so a
 * caller holds one chunk's records, never the file; read() pushes the whole
 * file at once and gets one batch.
 *
 * What read() reported before any row was looked at is kept apart here, in
 * the order it takes precedence: a parse error (thrown at once, wherever it
 * is), then the header's missing columns, then records of another width.
 */
export class CsvFileScanner {
  private readonly reader: DelimitedReader;
  /** Missing required columns: read() reports them alone. */
  readonly missingColumns: LocatedErrors;
  /** Records with more or fewer fields than the header: their values sit under the wrong columns. */
  readonly raggedRecords: LocatedErrors;
  private headerLineFound: number | undefined;
  private blankLinesSoFar = 0;
  private atFileStart = true;
  private headerChecked = false;

  constructor(
    private readonly options: CsvReadOptions,
    private readonly fileName: string,
  ) {
    this.missingColumns = new LocatedErrors(fileName);
    this.raggedRecords = new LocatedErrors(fileName);
    this.reader = new DelimitedReader({
      delimiter: options.delimiter,
      fileName,
      onRagged: (line, fields, extraFieldsBlank) => {
        const width = this.reader.headerNames?.length ?? 0;
        // Some banks (Chase among them) end every data row with a stray delimiter: the values stay under the right columns.
        if (options.allowTrailingEmptyFields && fields > width && extraFieldsBlank) return;
        this.raggedRecords.add(line, `the record does not have the header's ${width} fields`);
      },
    });
  }

  get header(): readonly string[] | undefined {
    return this.reader.headerNames;
  }

  /** The 1-based line of the header: the first line that is not blank. */
  get headerLine(): number {
    return this.headerLineFound ?? 1;
  }

  /** UTF-8 bytes; returns the records they completed, or null when none. */
  push(utf8: Uint8Array): CsvFile | null {
    this.findHeaderLine(utf8);
    this.located(() => this.reader.push(utf8));
    this.checkHeader();
    if (this.reader.pendingRows === 0) return null;
    return this.batchOf(this.reader.takeBatch());
  }

  /** The records left at the end of the file, or null; throws (located) when the file has no header at all. */
  finish(): CsvFile | null {
    // finish() hands over the rows since the last batch itself.
    const rest = this.located(() => this.reader.finish());
    this.checkHeader();
    return rest.rowCount === 0 ? null : this.batchOf(rest);
  }

  private batchOf({ cells, lines, rowCount }: { cells: Array<Array<string | null>>; lines: Uint32Array; rowCount: number }): CsvFile {
    return { header: [...this.reader.headerNames!], cells, lines, rowCount, headerLine: this.headerLine };
  }

  private checkHeader(): void {
    const header = this.reader.headerNames;
    if (header === undefined) return;
    if (!this.headerChecked) {
      this.headerChecked = true;
      for (const name of this.options.required) {
        if (!header.includes(name)) this.missingColumns.add(this.headerLine, `the header has no column "${name}"`, { field: name });
      }
    }
  }

  private located<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      if (error instanceof DelimitedParseError) new LocatedErrors(this.fileName).fail(error.line, messageOf(error), { column: error.column });
      throw error;
    }
  }

  private findHeaderLine(bytes: Uint8Array): void {
    let start = 0;
    // A UTF-8 byte order mark is not the header's text (the streamed text has none).
    if (this.atFileStart && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    this.atFileStart = false;
    for (let i = start; i < bytes.length && this.headerLineFound === undefined; i++) {
      const byte = bytes[i]!;
      if (byte === 10) this.blankLinesSoFar++;
      else if (byte !== 13 && byte !== 32 && byte !== 9) this.headerLineFound = this.blankLinesSoFar + 1;
    }
  }
}

/** The reader's message without its own "file: line, column:" prefix (ours adds the location). */
function messageOf(error: DelimitedParseError): string {
  const prefix = /^.*?line \d+, column \d+: /.exec(error.message);
  return prefix ? error.message.slice(prefix[0].length) : error.message;
}
