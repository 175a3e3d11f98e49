import { DelimitedParseError, DelimitedReader } from "~/ingest/delimited/read-delimited";
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
  for (const line of table.raggedLines) {
    errors.add(line, `the record does not have the header's ${table.header.length} fields`);
  }
  errors.countUnlisted(table.raggedCount - table.raggedLines.length);
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
