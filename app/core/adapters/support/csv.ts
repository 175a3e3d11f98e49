import { DelimitedParseError, DelimitedReader } from "~/core/ingest/delimited/read-delimited";
import { splitCsvRecords } from "./csv-records";
import type { LocatedErrors } from "./located-errors";
import { utf8Bytes } from "./text";

/**
 * Header-based delimited files (Stripe, Shopify, Adyen, Amazon, bank CSVs)
 * read with the ingest pipeline's reader, so quoting, BOMs, CRLF and
 * physical line numbers behave exactly as they do for a plain upload.
 */
export interface CsvFile {
  header: string[];
  /** One array per header column; null for an empty cell. */
  cells: Array<Array<string | null>>;
  /** Per record: the 1-based physical line it starts on. */
  lines: Uint32Array;
  rowCount: number;
  headerLine: number;
}

export interface CsvReadOptions {
  delimiter: "," | "\t" | ";";
  /** Columns the format cannot do without; each missing one is a located error on the header line. */
  required: readonly string[];
  /**
   * Accept records that only add empty fields after the header's last one:
   * some banks (Chase among them) end every data row with a stray comma.
   * The values stay under the right columns, so nothing is lost.
   */
  allowTrailingEmptyFields?: boolean;
}

export function readCsvFile(bytes: Uint8Array, options: CsvReadOptions, errors: LocatedErrors): CsvFile {
  const utf8 = utf8Bytes(bytes);
  const reader = new DelimitedReader({ delimiter: options.delimiter, fileName: errors.file });
  let table;
  try {
    reader.push(utf8);
    table = reader.finish();
  } catch (error) {
    if (error instanceof DelimitedParseError) errors.fail(error.line, messageOf(error), { column: error.column });
    throw error;
  }
  const headerLine = firstNonBlankLine(utf8);
  const missing = options.required.filter((name) => !table.header.includes(name));
  for (const name of missing) errors.add(headerLine, `the header has no column "${name}"`, { field: name });
  errors.throwIfAny();
  const tolerated = options.allowTrailingEmptyFields && table.raggedCount > 0 ? linesWithOnlyTrailingEmptyFields(utf8, options.delimiter, table.header.length) : new Set<number>();
  for (const line of table.raggedLines) {
    if (!tolerated.has(line)) errors.add(line, `the record does not have the header's ${table.header.length} fields`);
  }
  if (table.raggedCount > table.raggedLines.length) {
    // The reader lists the first 100 ragged lines only; count the rest from a full pass.
    const ragged = raggedLineCount(utf8, options.delimiter, table.header.length, tolerated);
    errors.countUnlisted(ragged - table.raggedLines.filter((line) => !tolerated.has(line)).length);
  }
  // A record with too many or too few fields has its values under the wrong columns: nothing in it can be read.
  errors.throwIfAny();
  return { header: table.header, cells: table.cells, lines: table.lines, rowCount: table.rowCount, headerLine };
}

/** The reader's message without its own "file: line, column:" prefix (ours adds the location). */
function messageOf(error: DelimitedParseError): string {
  const prefix = /^.*?line \d+, column \d+: /.exec(error.message);
  return prefix ? error.message.slice(prefix[0].length) : error.message;
}

function firstNonBlankLine(bytes: Uint8Array): number {
  let line = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 10) line++;
    else if (byte !== 13 && byte !== 32 && byte !== 9) return line;
  }
  return 1;
}

/** Column accessor by name; the name must be in the header (callers check `required` first or test presence). */
export function csvColumn(file: CsvFile, name: string): Array<string | null> | undefined {
  const index = file.header.indexOf(name);
  return index < 0 ? undefined : file.cells[index];
}

/** Lines of records longer than the header whose extra fields are all empty. */
function linesWithOnlyTrailingEmptyFields(bytes: Uint8Array, delimiter: string, width: number): Set<number> {
  const { records } = splitCsvRecords(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"), delimiter);
  const lines = new Set<number>();
  for (const record of records) {
    if (record.fields.length > width && record.fields.slice(width).every((field) => field.trim() === "")) lines.add(record.line);
  }
  return lines;
}

function raggedLineCount(bytes: Uint8Array, delimiter: string, width: number, tolerated: ReadonlySet<number>): number {
  const { records } = splitCsvRecords(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"), delimiter);
  return records.slice(1).filter((record) => record.fields.length !== width && !tolerated.has(record.line)).length;
}
