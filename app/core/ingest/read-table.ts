import type { RawTable } from "~/core/values/tables";
import { IngestFileError } from "./errors";
import { cellProblem } from "./normalize";
import { MAX_SUMMARY_ROWS, isSummaryLabel } from "./shape";
import type { ColumnProfile, FileProfile, IngestError, ReadOptions, ReadResult } from "./types";

/**
 * What every format's reader hands over, and the checks and policy applied to
 * it the same way for all formats: summary rows, ragged rows, bytes that are
 * not text, cells that do not fit their column's type; then strict (throw
 * with the first errors) or lenient (drop the rows, report them).
 */

export const DEFAULT_MAX_ERRORS = 100;

export interface CollectedTable {
  columns: string[];
  cells: Array<Array<string | null>>;
  /** Per row, the line errors and provenance use. */
  lines: ArrayLike<number>;
  rowCount: number;
}

/**
 * Errors arrive from several passes (ragged rows, cells column by column…),
 * each in file order. Keeping the first `limit` of each pass is enough to
 * know the first `limit` overall, without holding millions of errors.
 */
export class ErrorLog {
  count = 0;
  private readonly passes: IngestError[][] = [];

  constructor(readonly limit: number) {}

  /** A sink for one pass; it must receive its errors in file order. */
  pass(): (error: IngestError) => void {
    const kept: IngestError[] = [];
    this.passes.push(kept);
    return (error) => {
      this.count++;
      if (kept.length < this.limit) kept.push(error);
    };
  }

  first(): IngestError[] {
    return this.passes
      .flat()
      .sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0))
      .slice(0, this.limit);
  }
}

export interface RowChecks {
  fileName: string;
  profile: FileProfile;
  log: ErrorLog;
  /** Lines of rows to drop under the lenient policy (rows already left out by the reader included). */
  rejected: Set<number>;
  /** Lines of rows whose field count differs from the header, with that count (delimited text). */
  ragged?: ReadonlyMap<number, number>;
  headerWidth?: number;
  /** What marks a summary row at the end: a label or a narrower row (delimited text), a label (spreadsheets), nothing (JSON). */
  summaryRows: "narrowOrLabel" | "label" | "none";
  /** The read stopped at a row limit: its last rows are not the end of the file, so they are never summary rows. */
  truncated?: boolean;
}

function firstValue(table: CollectedTable, row: number): string | null {
  for (const column of table.cells) {
    const cell = column[row];
    if (cell !== null && cell !== undefined && cell.trim().length > 0) return cell;
  }
  return null;
}

/**
 * Rows at the end that summarize rather than record: "Total" rows, and
 * narrower rows in delimited text. `table` may hold only the last rows of a
 * longer file (a streaming scan's look-ahead); `totalRows` is the file's count.
 */
export function trailingSummaryRows(table: CollectedTable, checks: RowChecks, totalRows = table.rowCount): number[] {
  const rows: number[] = [];
  if (checks.summaryRows === "none" || checks.truncated) return rows;
  for (let row = table.rowCount - 1; row >= 0 && rows.length <= MAX_SUMMARY_ROWS; row--) {
    const line = table.lines[row]!;
    const width = checks.ragged?.get(line);
    const narrow = checks.summaryRows === "narrowOrLabel" && width !== undefined && width < (checks.headerWidth ?? 0);
    if (!narrow && !isSummaryLabel(firstValue(table, row))) break;
    rows.push(row);
  }
  return rows.length > MAX_SUMMARY_ROWS || rows.length === totalRows ? [] : rows.reverse();
}

/**
 * The per-row checks as passes of one ErrorLog. Each method must see its rows
 * in file order; readFile hands it the whole table once, scanFile one batch
 * at a time, and both get the same errors and rejected lines.
 */
export class RowChecker {
  private readonly summaryErrors: (error: IngestError) => void;
  private readonly raggedErrors: (error: IngestError) => void;
  private readonly cellChecks: Array<{ position: number; column: ColumnProfile; name: string; report: (error: IngestError) => void }> = [];

  constructor(
    columns: readonly string[],
    private readonly checks: RowChecks,
  ) {
    this.summaryErrors = checks.log.pass();
    this.raggedErrors = checks.log.pass();
    // A repeated header name is read from its first column (as the reader does), so its profile is the first one too.
    const byName = new Map<string, ColumnProfile>();
    for (const column of checks.profile.columns) if (!byName.has(column.name)) byName.set(column.name, column);
    columns.forEach((name, position) => {
      const column = byName.get(name);
      // An inferred type only proposes (it fits every sampled value; rows past the sample may differ): only a
      // type the user confirmed can make a cell an error.
      if (!column || !column.confirmed || column.type === "string" || column.type === "empty") return;
      this.cellChecks.push({ position, column, name, report: checks.log.pass() });
    });
  }

  /** Reports the given rows as summary rows; returns their lines, which the other checks then skip. */
  summary(table: CollectedTable, rows: readonly number[]): Set<number> {
    const lines = new Set<number>();
    for (const row of rows) {
      const line = table.lines[row]!;
      lines.add(line);
      this.checks.rejected.add(line);
      const label = firstValue(table, row);
      this.summaryErrors({ file: this.checks.fileName, line, ...(label === null ? {} : { value: label }), message: `looks like a summary row${label ? ` ("${label}")` : ""}, not data` });
    }
    return lines;
  }

  /** Rows whose field count differs from the header's: [line, fields] in line order. */
  ragged(entries: Iterable<readonly [number, number]>, summaryLines: ReadonlySet<number>): void {
    const width = this.checks.headerWidth ?? 0;
    for (const [line, fields] of entries) {
      if (summaryLines.has(line)) continue;
      this.checks.rejected.add(line);
      this.raggedErrors({ file: this.checks.fileName, line, message: `has ${fields} field${fields === 1 ? "" : "s"}; the header has ${width}` });
    }
  }

  /** Cells of rows [from, to) against their column's confirmed type. */
  cells(table: CollectedTable, from: number, to: number, summaryLines: ReadonlySet<number>): void {
    for (const { position, column, name, report } of this.cellChecks) {
      const cells = table.cells[position]!;
      for (let row = from; row < to; row++) {
        const raw = cells[row];
        if (raw === null || raw === undefined) continue;
        const problem = cellProblem(raw, column);
        if (problem === null) continue;
        const line = table.lines[row]!;
        if (summaryLines.has(line)) continue;
        this.checks.rejected.add(line);
        report({ file: this.checks.fileName, line, column: column.index + 1, field: name, value: raw, message: `${name}: "${raw}" ${problem} (expected ${column.type})` });
      }
    }
  }
}

export function checkRows(table: CollectedTable, checks: RowChecks): void {
  const checker = new RowChecker(table.columns, checks);
  const summaryLines = checker.summary(table, trailingSummaryRows(table, checks));
  if (checks.ragged) checker.ragged([...checks.ragged].sort((a, b) => a[0] - b[0]), summaryLines);
  checker.cells(table, 0, table.rowCount, summaryLines);
}

/** Applies the policy: strict throws with the first errors; lenient returns the rows that passed. */
export function finishRead(table: CollectedTable, checks: RowChecks, options: ReadOptions): ReadResult {
  const { log, rejected } = checks;
  if (options.policy === "strict" && log.count > 0) throw new IngestFileError(log.first(), log.count);
  const keep: number[] = [];
  for (let row = 0; row < table.rowCount; row++) if (!rejected.has(table.lines[row]!)) keep.push(row);
  const lines = new Uint32Array(keep.length);
  keep.forEach((row, i) => {
    lines[i] = table.lines[row]!;
  });
  const cells = keep.length === table.rowCount ? table.cells : table.cells.map((column) => keep.map((row) => column[row] ?? null));
  const raw: RawTable = {
    columns: table.columns,
    cells,
    rowCount: keep.length,
    provenance: { sourceIds: [options.sourceId], sourceIndex: new Uint32Array(keep.length), line: lines },
  };
  return { table: raw, errors: log.first(), errorCount: log.count, rejectedLines: [...rejected].sort((a, b) => a - b), truncated: checks.truncated ?? false };
}

/** The columns to read: the caller's choice (each must exist) or every named column once. */
export function projectColumns(fileName: string, header: readonly string[], wanted: readonly string[] | undefined): string[] {
  if (!wanted) return [...new Set(header)];
  const missing = wanted.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new IngestFileError(missing.map((name) => ({ file: fileName, line: 1, field: name, message: `column "${name}" is not in the file` })));
  }
  return [...wanted];
}
