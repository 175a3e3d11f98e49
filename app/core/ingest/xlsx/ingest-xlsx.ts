import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { profileColumns } from "../columns";
import { IngestFileError, fileError } from "../errors";
import { ingestLimits, limitExceeded } from "../limits";
import { projectColumns, type CollectedTable } from "../read-table";
import { chooseHeader, describeLines, headerWarnings, trailingSummaryCount, type ShapeRecord } from "../shape";
import { SAMPLE_ROWS, decompressed } from "../source";
import type { ByteSource, DetectionOverrides, FileProfile } from "../types";

/**
 * XLSX through exceljs's streaming WorkbookReader: rows are parsed from the
 * zip as it streams, so memory holds the shared-string table and the current
 * rows, not the workbook (see docs/decisions/004-ingestion-parsers.md).
 *
 * Cells become the strings a CSV export of the sheet would hold: numbers in
 * JavaScript's shortest round-trip form, booleans as true/false, dates as
 * ISO dates (or ISO date-times when they have a time of day).
 */

const HEADER_SEARCH_ROWS = 50;

/** What exceljs sets on a streamed worksheet but does not type: its workbook id, name and visibility. */
interface SheetState {
  id: number | string;
  name?: string;
  state?: string;
}

/** The parts of exceljs's streaming reader its typings leave out. */
interface WorkbookReaderInternals {
  model?: { sheets?: Array<{ id: number; name: string; state?: string }> };
}

function openWorkbook(open: ByteSource, fileName: string): ExcelJS.stream.xlsx.WorkbookReader {
  const input = Readable.from(decompressed(open(), fileName));
  return new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: "cache",
    // Styles are how a number is known to be a date (its number format).
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
}

function twoDigits(n: number): string {
  return String(n).padStart(2, "0");
}

/** exceljs gives dates as UTC instants holding the sheet's wall-clock time; the sheet has no zone, so neither does the text. */
function dateText(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const day = `${String(rounded.getUTCFullYear()).padStart(4, "0")}-${twoDigits(rounded.getUTCMonth() + 1)}-${twoDigits(rounded.getUTCDate())}`;
  if (rounded.getUTCHours() === 0 && rounded.getUTCMinutes() === 0 && rounded.getUTCSeconds() === 0) return day;
  return `${day}T${twoDigits(rounded.getUTCHours())}:${twoDigits(rounded.getUTCMinutes())}:${twoDigits(rounded.getUTCSeconds())}`;
}

/** Excel's 1900 date system: serial 25569 is 1970-01-01 (its phantom 1900-02-29 only shifts serials before March 1900). */
function dateFromSerial(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

/**
 * A number format that shows a date or time ("d/m/yyyy", "[$-409]mmm d",
 * "hh:mm"). exceljs converts plain date cells itself but leaves formula
 * results as serial numbers, so those are converted here.
 */
function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/"[^"]*"/g, "").replace(/\[[^\]]*\]/g, "").replace(/\\./g, "");
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare);
}

function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number") return isDateFormat(numFmt) ? dateText(dateFromSerial(value)) : String(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return dateText(value);
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellText(value.result ?? null, numFmt);
  if ("error" in value) return value.error;
  if ("hyperlink" in value) return typeof value.text === "string" ? value.text : cellText(value.text as ExcelJS.CellValue, numFmt);
  return String(value);
}

/** A row's cells as strings ("" for empty), up to its last non-empty cell. */
function rowFields(row: ExcelJS.Row, fileName: string): string[] {
  const fields: string[] = [];
  const { maxColumns, maxFieldBytes } = ingestLimits();
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    const text = cellText(cell.value, cell.numFmt);
    if (text === null || text === "") return;
    if (column > maxColumns) throw limitExceeded(fileName, "maxColumns", "the number of cells in a row", row.number, column);
    if (text.length > maxFieldBytes) throw limitExceeded(fileName, "maxFieldBytes", "a cell", row.number, column);
    while (fields.length < column - 1) fields.push("");
    fields[column - 1] = text;
  });
  return fields;
}

interface SheetSample {
  id: number;
  name: string;
  hidden: boolean;
  rows: ShapeRecord[];
  /** Every non-empty row was kept. */
  complete: boolean;
}

async function sampleSheets(open: ByteSource, fileName: string, wantedSheet: string | undefined): Promise<{ samples: SheetSample[]; order: string[] }> {
  const reader = openWorkbook(open, fileName);
  const samples: SheetSample[] = [];
  try {
    for await (const worksheet of reader) {
      const state = worksheet as unknown as SheetState;
      const sample: SheetSample = {
        id: Number(state.id),
        name: state.name ?? `Sheet${state.id}`,
        hidden: state.state === "hidden" || state.state === "veryHidden",
        rows: [],
        complete: true,
      };
      samples.push(sample);
      // Only the wanted sheet needs a full sample; the others only need to show they are not empty.
      const keep = wantedSheet === undefined || wantedSheet === sample.name ? SAMPLE_ROWS + HEADER_SEARCH_ROWS : 1;
      for await (const row of worksheet) {
        const fields = rowFields(row, fileName);
        if (fields.length === 0) continue;
        if (sample.rows.length >= keep) {
          sample.complete = false;
          break;
        }
        sample.rows.push({ line: row.number, fields });
      }
    }
  } catch (error) {
    if (error instanceof IngestFileError) throw error;
    throw fileError(fileName, `not a readable XLSX workbook (${(error as Error).message})`);
  }
  // Sheets stream in zip order; the workbook's own order is what a user sees in Excel.
  const model = (reader as unknown as WorkbookReaderInternals).model;
  const order = model?.sheets?.map((sheet) => sheet.name) ?? samples.map((sample) => sample.name);
  for (const sample of samples) {
    const known = model?.sheets?.find((sheet) => sheet.id === sample.id);
    if (known) {
      sample.name = known.name;
      sample.hidden = known.state === "hidden" || known.state === "veryHidden";
    }
  }
  samples.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  return { samples, order };
}

type XlsxProfile = Pick<FileProfile, "sheet" | "sheets" | "headerRow" | "headerEvidence" | "columns" | "sampledRows" | "warnings">;

export async function profileXlsx(open: ByteSource, fileName: string, overrides: DetectionOverrides, locale: string): Promise<XlsxProfile> {
  const { samples, order } = await sampleSheets(open, fileName, overrides.sheet);
  let chosen: SheetSample | undefined;
  let sheetNote: string;
  if (overrides.sheet !== undefined) {
    chosen = samples.find((sample) => sample.name === overrides.sheet);
    if (!chosen) throw fileError(fileName, `no sheet "${overrides.sheet}"; the workbook has ${order.map((name) => `"${name}"`).join(", ")}`);
    sheetNote = `sheet "${chosen.name}" (set by override)`;
  } else {
    chosen = samples.find((sample) => sample.rows.length > 0 && !sample.hidden) ?? samples.find((sample) => sample.rows.length > 0);
    if (!chosen) throw fileError(fileName, "every sheet of the workbook is empty");
    sheetNote = `sheet "${chosen.name}" (the first non-empty one)`;
  }
  const scope = `sample: ${chosen.complete ? "all" : "the first"} ${chosen.rows.length} non-empty rows of ${sheetNote}`;
  if (chosen.rows.length === 0) throw fileError(fileName, `sheet "${chosen.name}" is empty`);

  let headerIndex: number;
  let headerEvidence: string;
  if (overrides.headerRow !== undefined) {
    headerIndex = chosen.rows.findIndex((row) => row.line === overrides.headerRow);
    if (headerIndex < 0) throw fileError(fileName, `row ${overrides.headerRow} of sheet "${chosen.name}" is empty (the header row set by override)`, overrides.headerRow);
    headerEvidence = `row ${overrides.headerRow}: set by override`;
  } else {
    const choice = chooseHeader(chosen.rows.slice(0, HEADER_SEARCH_ROWS), "atLeast", scope);
    if (!choice) throw fileError(fileName, `no header row found in sheet "${chosen.name}": no row has distinct, mostly non-numeric cells across the table's width; set the header row`);
    headerIndex = choice.index;
    headerEvidence = choice.evidence.replace(/^line /, "row ");
  }
  const headerRow = chosen.rows[headerIndex]!;
  const header = headerRow.fields.map((field) => field.trim());
  const width = header.length;
  const data = chosen.rows.slice(headerIndex + 1, headerIndex + 1 + SAMPLE_ROWS);
  const summaryCount = chosen.complete ? trailingSummaryCount(data, width, false) : 0;
  const body = data.slice(0, data.length - summaryCount);
  const summary = data.slice(data.length - summaryCount);
  const wide = body.filter((row) => row.fields.length > width);
  const typed = body.filter((row) => row.fields.length <= width);

  const warnings = headerWarnings(header);
  if (wide.length > 0) warnings.push(`${describeLines(wide.map((row) => row.line)).replace(/^line/, "row")}: cells beyond the header's ${width} columns; reading reports these rows as errors`);
  if (summary.length > 0) {
    warnings.push(
      `summary row${summary.length === 1 ? "" : "s"} at the end, not data: ${summary.map((row) => `row ${row.line} ("${row.fields.find((f) => f.trim())?.trim() ?? ""}")`).join(", ")}; reading reports ${summary.length === 1 ? "it" : "them"} as errors`,
    );
  }
  const columns = profileColumns(
    { header, rows: typed.map((row) => ({ line: row.line, cells: header.map((_, i) => (row.fields[i] ? row.fields[i]! : null)) })) },
    { locale, scope },
    overrides.columns,
  );
  return { sheet: chosen.name, sheets: order, headerRow: headerRow.line, headerEvidence, columns, sampledRows: typed.length, warnings };
}

export interface XlsxRead {
  table: CollectedTable;
  ragged: Map<number, number>;
  headerWidth: number;
  /** maxRows stopped the read before the end of the sheet. */
  truncated: boolean;
}

/**
 * With `batch`, the rows are handed to `take` every `rows` rows (with the
 * ragged ones among them) instead of being kept, so a scan of the sheet
 * holds one batch, not the sheet; the returned table is then empty.
 */
export interface XlsxBatches {
  rows: number;
  take: (table: CollectedTable, ragged: ReadonlyMap<number, number>) => void;
}

export async function readXlsxFile(
  open: ByteSource,
  fileName: string,
  profile: FileProfile,
  wanted: readonly string[] | undefined,
  maxRows = Number.POSITIVE_INFINITY,
  batch?: XlsxBatches,
): Promise<XlsxRead> {
  const header = profile.columns.map((column) => column.name);
  const columns = projectColumns(fileName, header, wanted);
  const positions = columns.map((name) => header.indexOf(name));
  let cells: Array<Array<string | null>> = columns.map(() => []);
  let lines: number[] = [];
  const ragged = new Map<number, number>();
  let headerSeen = false;
  let truncated = false;
  const hand = (to: XlsxBatches) => {
    to.take({ columns, cells, lines, rowCount: lines.length }, ragged);
    cells = columns.map(() => []);
    lines = [];
    ragged.clear();
  };
  const reader = openWorkbook(open, fileName);
  try {
    sheets: for await (const worksheet of reader) {
      const name = (worksheet as unknown as SheetState).name;
      if (name !== profile.sheet) continue;
      for await (const row of worksheet) {
        if (row.number < profile.headerRow) continue;
        if (lines.length >= maxRows) {
          truncated = true;
          break sheets;
        }
        const fields = rowFields(row, fileName);
        if (row.number === profile.headerRow) {
          const names = fields.map((field) => field.trim());
          if (names.join("\u0000") !== header.join("\u0000")) {
            throw fileError(fileName, `row ${profile.headerRow} of sheet "${profile.sheet}" is not the profiled header (${names.join(", ")}); profile the file again`, profile.headerRow);
          }
          headerSeen = true;
          continue;
        }
        if (fields.length === 0) continue;
        if (fields.length > header.length) ragged.set(row.number, fields.length);
        lines.push(row.number);
        positions.forEach((position, c) => {
          const text = fields[position];
          cells[c]!.push(text === undefined || text === "" ? null : text);
        });
        if (batch && lines.length >= batch.rows) hand(batch);
      }
    }
  } catch (error) {
    if (error instanceof IngestFileError) throw error;
    throw fileError(fileName, `not a readable XLSX workbook (${(error as Error).message})`);
  }
  if (batch && lines.length > 0) hand(batch);
  if (!headerSeen) throw fileError(fileName, `sheet "${profile.sheet}" has no header on row ${profile.headerRow}; profile the file again`, profile.headerRow);
  return { table: { columns, cells, lines, rowCount: lines.length }, ragged, headerWidth: header.length, truncated };
}
