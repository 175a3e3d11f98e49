import { currencyExponent } from "~/core/values/currency";
import { zoneFormatter } from "~/core/values/time-zones";
import type { ExceptionRowRef } from "~/core/streams/runtime-types";
import type { ExportNames } from "./export-names.server";

/**
 * The export a person opens in a spreadsheet (issue #20): amounts in major
 * units beside their currency, names instead of ids, "file line n" instead
 * of a file id, and times in the reader's zone with the zone in the header.
 * The machine columns stay available for scripts (export.server.ts).
 */

/** A money amount in major units as exact decimal text: a number cell in XLSX, never formula-escaped (a minus is a sign). */
export interface DecimalCell {
  decimal: string;
}
export type ExportCell = string | number | boolean | null | DecimalCell;

export interface HumanExportRow {
  id: string;
  status: string;
  type: string;
  severity: string;
  streamId: string;
  streamRunId: string;
  stepKey: string;
  amountMinor: number | null;
  amountDifferenceMinor: number | null;
  currency: string | null;
  sourceRows: ExceptionRowRef[];
  targetRows: ExceptionRowRef[];
  message: string;
  assigneeId: string | null;
  firstSeenAt: Date;
  resolutionCode: string | null;
  resolutionNote: string | null;
  note: string | null;
}

export interface SlaState {
  ageDays: number;
  dueAt: Date;
  overdue: boolean;
}

export function humanHeader(timeZone: string): string[] {
  return [
    "Exception",
    "Status",
    "Type",
    "Severity",
    "Stream",
    "Step",
    `Run started (${timeZone})`,
    "Amount",
    "Difference",
    "Currency",
    "Source reference",
    "Target reference",
    "Source description",
    "Target description",
    "Source rows",
    "Target rows",
    "Message",
    "Assignee",
    `First seen (${timeZone})`,
    "Age (days)",
    `Due (${timeZone})`,
    "Overdue",
    "Resolution",
    "Resolution note",
    "Note",
  ];
}

/** Exact major units from integer minor units: 11798 EUR → "117.98", -5 JPY → "-5". */
export function majorUnits(amountMinor: number, currency: string): string {
  const digits = currencyExponent(currency) ?? 2;
  const negative = amountMinor < 0;
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, "0");
  const whole = digits === 0 ? text : text.slice(0, -digits);
  return `${negative ? "-" : ""}${whole}${digits === 0 ? "" : `.${text.slice(-digits)}`}`;
}

/** "2026-12-07 19:44" as the wall clock of the zone reads it. */
export function localTime(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(zoneFormatter(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  const two = (value: string | undefined) => (value ?? "").padStart(2, "0");
  return `${parts.year}-${two(parts.month)}-${two(parts.day)} ${two(parts.hour)}:${two(parts.minute)}`;
}

function firstValue(rows: ExceptionRowRef[], fields: string[]): string | null {
  for (const row of rows) {
    for (const field of fields) {
      const value = row.values[field] ?? row.raw[field];
      if (value !== null && value !== undefined && value !== "") return String(value);
    }
  }
  return null;
}

export function humanCells(row: HumanExportRow, sla: SlaState, names: ExportNames, timeZone: string): ExportCell[] {
  const money = (minor: number | null): DecimalCell | null => (minor === null || !row.currency ? null : { decimal: majorUnits(minor, row.currency) });
  const lines = (refs: ExceptionRowRef[]) => refs.map((ref) => `${names.file.get(ref.sourceId) ?? ref.sourceId} line ${ref.line}`).join("; ");
  const runStartedAt = names.runStartedAt.get(row.streamRunId);
  return [
    row.id,
    row.status.replace("_", " "),
    row.type,
    row.severity,
    names.stream.get(row.streamId) ?? row.streamId,
    row.stepKey,
    runStartedAt ? localTime(runStartedAt, timeZone) : null,
    money(row.amountMinor),
    money(row.amountDifferenceMinor),
    row.currency,
    firstValue(row.sourceRows, ["reference", "id"]),
    firstValue(row.targetRows, ["reference", "id"]),
    firstValue(row.sourceRows, ["description"]),
    firstValue(row.targetRows, ["description"]),
    lines(row.sourceRows),
    lines(row.targetRows),
    row.message,
    row.assigneeId ? (names.member.get(row.assigneeId) ?? row.assigneeId) : null,
    localTime(row.firstSeenAt, timeZone),
    sla.ageDays,
    localTime(sla.dueAt, timeZone),
    sla.overdue ? "yes" : "no",
    row.resolutionCode ? row.resolutionCode.replaceAll("_", " ") : null,
    row.resolutionCode ? row.resolutionNote : null,
    row.note,
  ];
}
