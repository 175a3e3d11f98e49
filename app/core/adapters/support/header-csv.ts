import type { RawTable } from "~/core/values/tables";
import { CHUNK_READ, ReadAgain, type StreamedRecord, type StreamingRecordReader } from "../streaming/protocol";
import { AdapterError, type AdapterReadOptions } from "../types";
import type { CsvFile, CsvReadOptions } from "./csv";
import { CsvFileScanner } from "./csv-scanner";
import { PreambleFilter, type HeaderSearch } from "./header-search";
import { LocatedErrors } from "./located-errors";
import { rawTableOf } from "./table";
import { utf8Bytes } from "./text";

/**
 * One reading of a header-based provider CSV (Stripe, Shopify, Adyen,
 * Amazon, bank exports), shared by the adapter's read() and its
 * chunk-driven reader: read() pushes the whole file as one batch, the
 * streamed reading one chunk's records at a time, and both run the same
 * row logic, so they give the same records and the same errors.
 *
 * A format's row logic sees batches of rows (a CsvFile each) and returns
 * its records as columns: the header's, then its helpers. What it must know
 * of rows already gone (an Amazon file's running sum, Shopify's finished
 * order names) it keeps in its state, never the rows.
 *
 * A format whose header may sit below a preamble, with a delimiter of its
 * own (bank downloads), names how to find it (`headerSearch`,
 * header-search.ts): the lines before the header are then emptied as they
 * stream, and the delimiter is the one the header was found with.
 */
export interface HeaderCsvFormat<State, Found = never> {
  /** With `headerSearch`, the delimiter is the found header's rather than this one. */
  csv: CsvReadOptions;
  headerSearch?: HeaderSearch<Found>;
  helpers: readonly string[];
  /**
   * The header's own checks, once the header is read (may fail); `hint` is what a ReadAgain of an earlier
   * pass carried, `found` what the header search said of the header line.
   */
  begin(header: readonly string[], headerLine: number, errors: LocatedErrors, hint: unknown, found: Found | undefined): State;
  /** The records of a batch of rows (a batch has at least one row). */
  rows(batch: CsvFile, errors: LocatedErrors, state: State): RecordColumns;
  /** After the last batch: checks of the whole file, and records held back (Shopify's last order). */
  end?(state: State, errors: LocatedErrors, headerLine: number): RecordColumns | null;
}

/** Records as columns in output order (the header's, then the helpers), and their lines. */
export interface RecordColumns {
  cells: Array<Array<string | null>>;
  lines: Uint32Array;
}

/** The records of a format with one record per row: the batch's cells, then the helpers'. */
export function oneRecordPerRow(batch: CsvFile, helperCells: Array<Array<string | null>>): RecordColumns {
  return { cells: [...batch.cells, ...helperCells], lines: batch.lines };
}

class HeaderCsvReading<State, Found> {
  /** Made once the delimiter is known: at once, or when the header search finds the header. */
  private scanner: CsvFileScanner | undefined;
  private readonly preamble: PreambleFilter<Found> | undefined;
  /** No line the header search looked at was a header: read() reports only that. */
  private readonly notFound: LocatedErrors;
  private readonly errors: LocatedErrors;
  private state: State | undefined;
  /** The format refused the file (errors.fail): later rows are not read, but the file is still scanned for what read() reports first. */
  private refusal: AdapterError | undefined;

  constructor(
    private readonly format: HeaderCsvFormat<State, Found>,
    private readonly options: AdapterReadOptions,
    private readonly hint: unknown,
  ) {
    this.errors = new LocatedErrors(options.fileName);
    this.notFound = new LocatedErrors(options.fileName);
    if (format.headerSearch) this.preamble = new PreambleFilter(format.headerSearch);
    else this.scanner = new CsvFileScanner(format.csv, options.fileName);
  }

  push(utf8: Uint8Array): RecordColumns | null {
    if (this.preamble) return this.pushFound(this.preamble.push(utf8));
    return this.read(this.scanner!.push(utf8));
  }

  finish(): RecordColumns[] {
    if (this.preamble) {
      const rest = this.pushFound(this.preamble.finish());
      if (this.preamble.notFoundLine !== undefined) {
        this.notFound.add(this.preamble.notFoundLine, this.format.headerSearch!.notFound);
        return [];
      }
      if (rest !== null) return [rest, ...this.finishScanner(this.scanner!)];
    }
    return this.finishScanner(this.scanner!);
  }

  /** What read() throws, in its order: no header found, missing columns, records of another width, the format's refusal, the rows' errors. */
  end(): void {
    this.notFound.throwIfAny();
    this.scanner!.missingColumns.throwIfAny();
    this.scanner!.raggedRecords.throwIfAny();
    if (this.refusal) throw this.refusal;
    this.errors.throwIfAny();
  }

  columns(): string[] {
    return [...(this.scanner?.header ?? []), ...this.format.helpers];
  }

  private finishScanner(scanner: CsvFileScanner): RecordColumns[] {
    const last = this.read(scanner.finish());
    const held = this.guarded(() => (this.state === undefined || !this.format.end || this.structureBroken() ? null : this.format.end(this.state, this.errors, scanner.headerLine)));
    return [last, held].filter((records): records is RecordColumns => records !== null);
  }

  /** Bytes past the header search: read once the header (and so the delimiter) is found. */
  private pushFound(utf8: Uint8Array): RecordColumns | null {
    const located = this.preamble!.located;
    if (located === undefined) return null;
    this.scanner ??= new CsvFileScanner({ ...this.format.csv, delimiter: located.delimiter }, this.options.fileName);
    return utf8.length === 0 ? null : this.read(this.scanner.push(utf8));
  }

  private read(batch: CsvFile | null): RecordColumns | null {
    const scanner = this.scanner!;
    const header = scanner.header;
    // Without its required columns, or with a record whose values sit under the wrong columns, no row can be read.
    if (header === undefined || this.structureBroken()) return null;
    return this.guarded(() => {
      this.state ??= this.format.begin(header, scanner.headerLine, this.errors, this.hint, this.preamble?.located?.found);
      return batch === null ? null : this.format.rows(batch, this.errors, this.state);
    });
  }

  private structureBroken(): boolean {
    return this.scanner!.missingColumns.size > 0 || this.scanner!.raggedRecords.size > 0;
  }

  private guarded(read: () => RecordColumns | null): RecordColumns | null {
    if (this.refusal) return null;
    try {
      return read();
    } catch (error) {
      if (!(error instanceof AdapterError)) throw error;
      this.refusal = error;
      return null;
    }
  }
}

/** read() of a header-based CSV adapter: the whole file as one batch. */
export function readHeaderCsv<State, Found>(format: HeaderCsvFormat<State, Found>, bytes: Uint8Array, options: AdapterReadOptions): RawTable {
  let hint: { value: unknown } | null = null;
  for (;;) {
    try {
      const reading = new HeaderCsvReading(format, options, hint?.value);
      const parts = [reading.push(utf8Bytes(bytes)), ...reading.finish()].filter((records): records is RecordColumns => records !== null);
      reading.end();
      return tableOf(reading.columns(), parts, options.sourceId);
    } catch (error) {
      // One batch shows the reading everything at once; a format may still ask again (see ReadAgain).
      if (!(error instanceof ReadAgain) || hint !== null) throw error;
      hint = { value: error.hint };
    }
  }
}

function tableOf(columns: string[], parts: RecordColumns[], sourceId: string): RawTable {
  if (parts.length === 1) return rawTableOf(columns, parts[0]!.cells, parts[0]!.lines, sourceId);
  const cells = columns.map((_, index) => parts.flatMap((part) => part.cells[index]!));
  const lines = new Uint32Array(parts.reduce((sum, part) => sum + part.lines.length, 0));
  let at = 0;
  for (const part of parts) {
    lines.set(part.lines, at);
    at += part.lines.length;
  }
  return rawTableOf(columns, cells, lines, sourceId);
}

/** The chunk-driven reader of a header-based CSV adapter (see streaming/readers.ts). */
export function headerCsvStreamingReader<State, Found>(format: HeaderCsvFormat<State, Found>): StreamingRecordReader {
  return {
    start(chunks, options, hint) {
      const reading = new HeaderCsvReading(format, options, hint);
      function* steps(): Generator<StreamedRecord | typeof CHUNK_READ> {
        for (const chunk of chunks) {
          yield* recordsOf(reading.push(Buffer.from(chunk, "utf8")));
          yield CHUNK_READ;
        }
        for (const records of reading.finish()) yield* recordsOf(records);
      }
      return {
        steps: steps(),
        end: () => {
          reading.end();
          return [];
        },
        columns: () => reading.columns(),
      };
    },
  };
}

function* recordsOf(records: RecordColumns | null): Generator<StreamedRecord> {
  if (records === null) return;
  for (let row = 0; row < records.lines.length; row++) {
    yield { line: records.lines[row]!, cells: records.cells.map((column) => column[row] ?? null) };
  }
}
