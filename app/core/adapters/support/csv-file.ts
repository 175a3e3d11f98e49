import { DelimitedParseError, DelimitedReader } from "~/core/ingest/delimited/read-delimited";
import type { CsvFile, CsvReadOptions } from "./csv";
import { splitCsvRecords } from "./csv-records";
import type { LocatedErrors } from "./located-errors";
import { utf8Bytes } from "./text";

/**
 * A whole header-based CSV read at once, for the one adapter that still
 * reads whole bytes: bank CSV, whose header is searched for below a
 * preamble and whose delimiter is found with it, which the chunk-driven
 * header-csv.ts reading does not do yet.
 */
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
