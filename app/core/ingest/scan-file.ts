import { assertProfiledHeader, invalidUtf8Error, locatedReadError, recordsBeforeHeader, utf8Chunks } from "./delimited/ingest-delimited";
import { DelimitedReader } from "./delimited/read-delimited";
import { InvalidUtf8Log } from "./encoding";
import { readJsonFile } from "./json/ingest-json";
import { IngestFileError } from "./errors";
import { readFile } from "./read-file";
import { DEFAULT_MAX_ERRORS, ErrorLog, RowChecker, projectColumns, trailingSummaryRows, type CollectedTable, type RowChecks } from "./read-table";
import { MAX_SUMMARY_ROWS } from "./shape";
import type { ByteSource, FileProfile, IngestError, ReadOptions } from "./types";
import { readXlsxFile } from "./xlsx/ingest-xlsx";
import { assertZipInflationWithinLimit } from "./xlsx/zip-inflation";

/**
 * Profiling's full pass: the row count, the errors and the rejected lines
 * readFile would give, without building the table. Delimited text is read a
 * bounded batch of rows at a time, so a file of any size needs the memory of
 * one batch; so are JSON and NDJSON records, and XLSX rows (exceljs streams
 * the sheet's XML from the zip; only its shared strings are held whole).
 */

/** Rows held back until the end is known: a summary check looks at one row more than the summary rows it allows. */
export const SCAN_LOOKAHEAD_ROWS = MAX_SUMMARY_ROWS + 1;
const DEFAULT_BATCH_ROWS = 10_000;
/** Input is cut to this size before parsing, so one push never parses more than this many bytes of rows. */
const DEFAULT_CHUNK_BYTES = 64 * 1024;
export const DEFAULT_MAX_REJECTED_LINES = 10_000;

export interface ScanOptions extends Pick<ReadOptions, "policy" | "sourceId" | "maxErrors"> {
  /** Rejected lines kept (the first ones, in file order); the count is rowCount's complement either way. */
  maxRejectedLines?: number;
  /** Rows taken from the reader at once (tests use a handful to cross batch boundaries). */
  batchRows?: number;
  chunkBytes?: number;
  /** Told how many rows the scan holds each time it takes a batch: how tests see that memory stays bounded. */
  onHeldRows?: (rows: number) => void;
}

export interface ScanResult {
  /** Rows that passed (all rows under strict, which throws when any fails). */
  rowCount: number;
  errors: IngestError[];
  errorCount: number;
  rejectedLines: number[];
}

/**
 * Under strict, throws IngestFileError with the first errors, as readFile
 * does; a file that cannot be read at all throws under both policies.
 */
export async function scanFile(open: ByteSource, fileName: string, profile: FileProfile, options: ScanOptions): Promise<ScanResult> {
  const maxRejected = options.maxRejectedLines ?? DEFAULT_MAX_REJECTED_LINES;
  if (profile.format === "csv") return scanDelimited(open, fileName, profile, options, maxRejected);
  if (profile.format === "json" || profile.format === "ndjson") return scanJson(open, fileName, profile, options, maxRejected);
  if (profile.format === "xlsx") return scanXlsx(open, fileName, profile, options, maxRejected);
  // Adapter formats: readFile refuses them, as it always has.
  const read = await readFile(open, fileName, profile, options);
  return { rowCount: read.table.rowCount, errors: read.errors, errorCount: read.errorCount, rejectedLines: read.rejectedLines.slice(0, maxRejected) };
}

/** XLSX: rows come in batches, the last SCAN_LOOKAHEAD_ROWS held back until the end, where summary rows are looked for. */
async function scanXlsx(open: ByteSource, fileName: string, profile: FileProfile, options: ScanOptions, maxRejected: number): Promise<ScanResult> {
  await assertZipInflationWithinLimit(open, fileName);
  const header = profile.columns.map((column) => column.name);
  const columns = projectColumns(fileName, header, undefined);
  const log = new ErrorLog(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const rejected = new Set<number>();
  const ragged = new Map<number, number>();
  const checks: RowChecks = { fileName, profile, log, rejected, ragged, headerWidth: header.length, summaryRows: "label" };
  const checker = new RowChecker(columns, checks);
  const held = new HeldRows(columns);
  const rejectedLines: number[] = [];
  let totalRows = 0;
  let rejectedRows = 0;

  const check = (count: number, summaryLines: ReadonlySet<number>): void => {
    checker.ragged(
      held.lines.slice(0, count).flatMap((line) => {
        const fields = ragged.get(line);
        ragged.delete(line);
        return fields === undefined ? [] : [[line, fields] as const];
      }),
      summaryLines,
    );
    checker.cells(held, 0, count, summaryLines);
    // Batches come in sheet order: sorting each keeps the whole sorted.
    for (const line of [...rejected].sort((a, b) => a - b)) if (rejectedLines.length < maxRejected) rejectedLines.push(line);
    rejectedRows += rejected.size;
    rejected.clear();
    held.drop(count);
  };
  const take = (batch: CollectedTable, batchRagged: ReadonlyMap<number, number>): void => {
    for (const [line, fields] of batchRagged) ragged.set(line, fields);
    held.append(batch);
    totalRows += batch.rowCount;
    options.onHeldRows?.(held.rowCount);
    const ready = held.rowCount - SCAN_LOOKAHEAD_ROWS;
    if (ready > 0) check(ready, new Set());
  };
  await readXlsxFile(open, fileName, profile, undefined, undefined, { rows: options.batchRows ?? DEFAULT_BATCH_ROWS, take });

  const summaryLines = checker.summary(held, trailingSummaryRows(held, checks, totalRows));
  check(held.rowCount, summaryLines);
  if (options.policy === "strict" && log.count > 0) throw new IngestFileError(log.first(), log.count);
  return { rowCount: totalRows - rejectedRows, errors: log.first(), errorCount: log.count, rejectedLines };
}

/** JSON and NDJSON: records have no summary rows, so no look-ahead; the reader hands over batches itself. */
async function scanJson(open: ByteSource, fileName: string, profile: FileProfile, options: ScanOptions, maxRejected: number): Promise<ScanResult> {
  const log = new ErrorLog(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const rejected = new Set<number>();
  const checks: RowChecks = { fileName, profile, log, rejected, summaryRows: "none" };
  // Made at the first batch, after the reader's own passes, so ties in the final sort break as in readFile.
  let checker: RowChecker | undefined;
  const rejectedLines: number[] = [];
  let totalRows = 0;
  let rejectedRows = 0;
  const noSummaryLines = new Set<number>();
  /** Rejected lines so far all come before any the reader finds later: sorting each hand-over keeps the whole sorted. */
  const keepRejected = () => {
    for (const line of [...rejected].sort((a, b) => a - b)) if (rejectedLines.length < maxRejected) rejectedLines.push(line);
    rejected.clear();
  };
  const take = (batch: CollectedTable) => {
    options.onHeldRows?.(batch.rowCount);
    checker ??= new RowChecker(batch.columns, checks);
    checker.cells(batch, 0, batch.rowCount, noSummaryLines);
    totalRows += batch.rowCount;
    for (let row = 0; row < batch.rowCount; row++) if (rejected.has(batch.lines[row]!)) rejectedRows++;
    keepRejected();
  };
  await readJsonFile(open, fileName, profile, undefined, log, rejected, undefined, { rows: options.batchRows ?? DEFAULT_BATCH_ROWS, take });
  keepRejected();
  if (options.policy === "strict" && log.count > 0) throw new IngestFileError(log.first(), log.count);
  return { rowCount: totalRows - rejectedRows, errors: log.first(), errorCount: log.count, rejectedLines };
}

/** Re-cuts chunks to at most `size` bytes, bounding the rows one push can parse. */
async function* bounded(chunks: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length; offset += size) yield chunk.subarray(offset, offset + size);
  }
}

/** Rows parsed but not yet checked: the latest batch plus the look-ahead. */
class HeldRows implements CollectedTable {
  cells: Array<Array<string | null>>;
  lines: number[] = [];
  rowCount = 0;

  constructor(readonly columns: string[]) {
    this.cells = columns.map(() => []);
  }

  append(batch: { cells: Array<Array<string | null>>; lines: ArrayLike<number>; rowCount: number }): void {
    batch.cells.forEach((column, position) => {
      const held = this.cells[position]!;
      for (let row = 0; row < batch.rowCount; row++) held.push(column[row] ?? null);
    });
    for (let row = 0; row < batch.rowCount; row++) this.lines.push(batch.lines[row]!);
    this.rowCount += batch.rowCount;
  }

  drop(count: number): void {
    for (const column of this.cells) column.splice(0, count);
    this.lines.splice(0, count);
    this.rowCount -= count;
  }
}

async function scanDelimited(open: ByteSource, fileName: string, profile: FileProfile, options: ScanOptions, maxRejected: number): Promise<ScanResult> {
  const delimiter = profile.delimiter ?? ",";
  const header = profile.columns.map((column) => column.name);
  const columns = projectColumns(fileName, header, undefined);
  const skipRecords = await recordsBeforeHeader(open, fileName, profile, delimiter);
  const log = new ErrorLog(options.maxErrors ?? DEFAULT_MAX_ERRORS);
  // Created before the checker's passes, as readFile does, so ties in the final sort break the same way.
  const invalidErrors = log.pass();
  const rejected = new Set<number>();
  const ragged = new Map<number, number>();
  const checks: RowChecks = { fileName, profile, log, rejected, ragged, headerWidth: header.length, summaryRows: "narrowOrLabel" };
  const checker = new RowChecker(columns, checks);
  const invalid = new InvalidUtf8Log();
  let invalidReported = 0;
  const held = new HeldRows(columns);
  const rejectedLines: number[] = [];
  let totalRows = 0;
  let rejectedRows = 0;
  /** The line of the last row checked: an invalid byte after it and before the next row belongs to it. */
  let lastChecked = -1;

  /** Checks the first `count` held rows; `nextLine` is where the row after them starts (Infinity at the end). */
  const check = (count: number, nextLine: number, summaryLines: ReadonlySet<number>): void => {
    checker.ragged(
      held.lines.slice(0, count).flatMap((line) => {
        const fields = ragged.get(line);
        ragged.delete(line);
        return fields === undefined ? [] : [[line, fields] as const];
      }),
      summaryLines,
    );
    checker.cells(held, 0, count, summaryLines);
    let row = 0;
    for (; invalidReported < invalid.locations.length; invalidReported++) {
      const location = invalid.locations[invalidReported]!;
      if (location.line >= nextLine) break;
      while (row < count && held.lines[row]! <= location.line) lastChecked = held.lines[row++]!;
      if (lastChecked >= 0) rejected.add(lastChecked);
      invalidErrors(invalidUtf8Error(fileName, location, profile.encoding));
    }
    if (count > 0) lastChecked = held.lines[count - 1]!;
    // Every rejected line is one of these rows, and batches come in file order: sorting each keeps the whole sorted.
    for (const line of [...rejected].sort((a, b) => a - b)) if (rejectedLines.length < maxRejected) rejectedLines.push(line);
    rejectedRows += rejected.size;
    rejected.clear();
    invalid.locations.splice(0, invalidReported);
    invalidReported = 0;
    held.drop(count);
  };

  const take = (batch: { cells: Array<Array<string | null>>; lines: Uint32Array; rowCount: number }): void => {
    held.append(batch);
    totalRows += batch.rowCount;
    options.onHeldRows?.(held.rowCount);
    const ready = held.rowCount - SCAN_LOOKAHEAD_ROWS;
    if (ready > 0) check(ready, held.lines[ready]!, new Set());
  };

  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  const reader = new DelimitedReader({ delimiter, skipRecords, columns, fileName, onRagged: (line, fields) => ragged.set(line, fields) });
  let read;
  try {
    for await (const chunk of bounded(utf8Chunks(open, fileName, profile.encoding, invalid), options.chunkBytes ?? DEFAULT_CHUNK_BYTES)) {
      reader.push(chunk);
      if (reader.pendingRows >= batchRows) take(reader.takeBatch());
    }
    read = reader.finish();
  } catch (error) {
    throw locatedReadError(error, fileName);
  }
  assertProfiledHeader(read.header, header, fileName, profile);
  take(read);

  // Only now is the end known: the held rows are the file's last, where summary rows are looked for.
  const summaryLines = checker.summary(held, trailingSummaryRows(held, checks, totalRows));
  check(held.rowCount, Number.POSITIVE_INFINITY, summaryLines);
  if (options.policy === "strict" && log.count > 0) throw new IngestFileError(log.first(), log.count);
  return { rowCount: totalRows - rejectedRows, errors: log.first(), errorCount: log.count, rejectedLines };
}
