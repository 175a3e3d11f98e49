import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { OrgContext } from "~/core/access";
import type { ExceptionRow } from "~/modules/exceptions/lifecycle/exception-state.server";
import { inOrgTransaction } from "~/platform/db/tenancy";
import type { ExceptionFilter } from "./filters.server";
import { selectExceptionPage, type ExceptionSort } from "./list.server";
import { readSlaDays, slaStateOf, type SlaDays } from "./sla.server";
import { escapeFormula } from "./formula-escape";
import { namesForPage } from "./export-names.server";
import { withHumanMessages } from "./human-messages.server";
import { humanCells, humanHeader, type ExportCell } from "./human-export";

/**
 * Streamed export of the filtered list: pages of 1,000 through the same
 * keyset query as the API (one short transaction each), so an export of a
 * million rows holds neither memory nor a long transaction.
 *
 * Two sets of columns: human (human-export.ts: names, major units, local
 * times) and machine (ids, minor units, UTC ISO: what scripts were written
 * against).
 *
 * Formula injection: text cells a spreadsheet would run as a formula get a
 * leading apostrophe (formula-escape.ts says which). Amounts we write as numbers
 * (XLSX numeric cells, plain numbers in CSV) are never text, so a negative
 * amount stays a number.
 */
const PAGE = 1_000;

export const EXPORT_COLUMNS = [
  "id",
  "caseId",
  "status",
  "type",
  "severity",
  "stepKey",
  "streamRunId",
  "reconciliationId",
  "amountMinor",
  "amountDifferenceMinor",
  "currency",
  "sourceReference",
  "targetReference",
  "sourceDescription",
  "targetDescription",
  "sourceRows",
  "targetRows",
  "message",
  "assigneeId",
  "firstSeenAt",
  "ageDays",
  "dueAt",
  "overdue",
  "resolutionCode",
  "resolutionNote",
  "note",
] as const;

type Cell = ExportCell;

export type ExportColumns = { columns: "human"; timeZone: string } | { columns: "machine" };

function firstValue(rows: ExceptionRow["sourceRows"], fields: string[]): string | null {
  for (const row of rows) {
    for (const field of fields) {
      const value = row.values[field] ?? row.raw[field];
      if (value !== null && value !== undefined && value !== "") return String(value);
    }
  }
  return null;
}

function cellsOf(row: ExceptionRow, sla: SlaDays): Cell[] {
  const { ageDays, dueAt, overdue } = slaStateOf(row, sla, new Date());
  const refs = (rows: ExceptionRow["sourceRows"]) => rows.map((ref) => `${ref.sourceId}:${ref.line}`).join(";");
  const values: Record<(typeof EXPORT_COLUMNS)[number], Cell> = {
    id: row.id,
    caseId: row.caseId ?? row.id,
    status: row.status,
    type: row.type,
    severity: row.severity,
    stepKey: row.stepKey,
    streamRunId: row.streamRunId,
    reconciliationId: row.reconciliationId,
    amountMinor: row.amountMinor,
    amountDifferenceMinor: row.amountDifferenceMinor,
    currency: row.currency,
    sourceReference: firstValue(row.sourceRows, ["reference", "id"]),
    targetReference: firstValue(row.targetRows, ["reference", "id"]),
    sourceDescription: firstValue(row.sourceRows, ["description"]),
    targetDescription: firstValue(row.targetRows, ["description"]),
    sourceRows: refs(row.sourceRows),
    targetRows: refs(row.targetRows),
    message: row.message,
    assigneeId: row.assigneeId,
    firstSeenAt: row.firstSeenAt.toISOString(),
    ageDays,
    dueAt: dueAt.toISOString(),
    overdue,
    // The resolution travels as a pair: without a code, no note is shown either (as in the API's `resolution`).
    resolutionCode: row.resolutionCode ? row.resolutionCode : null,
    resolutionNote: row.resolutionCode ? row.resolutionNote : null,
    note: row.note,
  };
  return escapeText(EXPORT_COLUMNS.map((column) => values[column]));
}

function escapeText(cells: Cell[]): Cell[] {
  return cells.map((value) => (typeof value === "string" ? escapeFormula(value) : value));
}

function headerOf(layout: ExportColumns): string[] {
  return layout.columns === "human" ? humanHeader(layout.timeZone) : [...EXPORT_COLUMNS];
}

async function* exportRows(ctx: OrgContext, filter: ExceptionFilter, sort: ExceptionSort, layout: ExportColumns): AsyncGenerator<Cell[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await inOrgTransaction(ctx.orgId, async (tx) => {
      const sla = await readSlaDays(tx, ctx.orgId);
      const rows = await selectExceptionPage(tx, ctx.orgId, filter, { limit: PAGE, cursor, sort, sla });
      const names = layout.columns === "human" ? await namesForPage(tx, ctx.orgId, rows.data) : null;
      return { data: await withHumanMessages(tx, ctx.orgId, rows.data), nextCursor: rows.nextCursor, sla, names };
    });
    const now = new Date();
    for (const row of page.data) {
      if (layout.columns === "human") yield escapeText(humanCells(row, slaStateOf(row, page.sla, now), page.names!, layout.timeZone));
      else yield cellsOf(row, page.sla);
    }
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

function csvField(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "object") return value.decimal;
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** XLSX gets a number cell for an amount; its 15 significant digits hold any amount a currency books. */
function xlsxCell(value: Cell): string | number | boolean | null {
  return value !== null && typeof value === "object" ? Number(value.decimal) : value;
}

export function exportExceptionsCsv(ctx: OrgContext, filter: ExceptionFilter, sort: ExceptionSort, layout: ExportColumns): Readable {
  async function* lines() {
    yield `${headerOf(layout).map(csvField).join(",")}\r\n`;
    for await (const cells of exportRows(ctx, filter, sort, layout)) yield `${cells.map(csvField).join(",")}\r\n`;
  }
  return Readable.from(lines());
}

export function exportExceptionsXlsx(ctx: OrgContext, filter: ExceptionFilter, sort: ExceptionSort, layout: ExportColumns): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet("Exceptions");
  void (async () => {
    sheet.addRow(headerOf(layout)).commit();
    for await (const cells of exportRows(ctx, filter, sort, layout)) sheet.addRow(cells.map(xlsxCell)).commit();
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}
