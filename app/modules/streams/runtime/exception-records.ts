import { createHash } from "node:crypto";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import type { CanonicalTable, EngineException, EngineResult, Side } from "~/core/engine/types";
import { canonicalFieldsOf, canonicalReader } from "./artifacts/artifact-csv";
import type { ExceptionRowRef } from "~/core/streams/runtime-types";

/**
 * Turns a step's engine exceptions into the rows the exceptions table
 * stores. Pure: the same result always gives the same records in the same
 * order (ordinal), which is what makes a retried attempt's insert a no-op.
 *
 * Two kinds of engine exceptions are not triage items:
 * - EXCLUDED rows are out of scope by the rule set; they are counted and
 *   listed in the step's EXCLUDED artifact, not queued for people.
 * - MISSING_* rows of a side whose unmatched rows a downstream step of the
 *   stream consumes are handed on, not missing: the downstream step decides
 *   them (matches them, or raises its own exception naming the same
 *   original file and line). Counted as `forwarded`.
 */
export interface ExceptionRecord {
  ordinal: number;
  type: string;
  severity: string;
  pass: string | null;
  message: string;
  amountMinor: number | null;
  amountDifferenceMinor: number | null;
  currency: string | null;
  sourceRows: ExceptionRowRef[];
  targetRows: ExceptionRowRef[];
  reason: EngineException["reason"];
  fingerprint: string;
  searchText: string;
}

export interface ExceptionRecordOptions {
  stepKey: string;
  definition: RuleSetDefinition;
  source: CanonicalTable;
  target: CanonicalTable;
  /** Sides whose unmatched rows go to a downstream step. */
  forwarded: { source: boolean; target: boolean };
}

/** Key fields that identify an item across runs (carry-forward), in preference order. */
const FINGERPRINT_FIELDS = ["id", "reference", "counterparty", "email", "date"];
const SEARCH_FIELDS = ["id", "reference", "description", "counterparty", "email"];

export function buildExceptionRecords(result: EngineResult, options: ExceptionRecordOptions): { records: ExceptionRecord[]; forwarded: number; excluded: number } {
  const sides = {
    source: sideView(options.source, options.definition.source.mappings),
    target: sideView(options.target, options.definition.target.mappings),
  };
  const records: ExceptionRecord[] = [];
  let forwarded = 0;
  let excluded = 0;
  for (const exception of result.exceptions) {
    if (exception.type === "EXCLUDED") {
      excluded++;
      continue;
    }
    if ((exception.type === "MISSING_IN_TARGET" && options.forwarded.source) || (exception.type === "MISSING_IN_SOURCE" && options.forwarded.target)) {
      forwarded++;
      continue;
    }
    const sourceRows = exception.sourceRows.map((row) => sides.source.refOf(row));
    const targetRows = exception.targetRows.map((row) => sides.target.refOf(row));
    const amountMinor = sumAmounts(options.source, exception.sourceRows) ?? sumAmounts(options.target, exception.targetRows);
    records.push({
      ordinal: records.length,
      type: exception.type,
      severity: exception.severity,
      pass: exception.pass,
      message: exception.message,
      amountMinor,
      amountDifferenceMinor: exception.amountDifferenceMinor,
      currency: exception.currency,
      sourceRows,
      targetRows,
      reason: exception.reason,
      fingerprint: fingerprintOf(options.stepKey, exception, sourceRows, targetRows, amountMinor),
      searchText: searchTextOf(sourceRows, targetRows),
    });
  }
  return { records, forwarded, excluded };
}

function sideView(table: CanonicalTable, mappings: ReadonlyArray<{ field: string }>) {
  const fields = canonicalFieldsOf(mappings);
  const readers = fields.map((field) => [field, canonicalReader(table, field)] as const);
  const { raw } = table;
  return {
    refOf(row: number): ExceptionRowRef {
      const values: Record<string, string | number | null> = {};
      for (const [field, read] of readers) {
        const value = read(row);
        values[field] = field === "amount" && value !== null ? Number(value) : value;
      }
      const rawValues: Record<string, string | null> = {};
      // Empty cells are left out: exports have many empty columns, and an absent key reads as empty.
      raw.columns.forEach((column, index) => {
        const value = raw.cells[index]![row];
        if (value !== null && value !== undefined && value !== "") rawValues[column] = value;
      });
      return { sourceId: raw.provenance.sourceIds[raw.provenance.sourceIndex[row]!]!, line: raw.provenance.line[row]!, values, raw: rawValues };
    },
  };
}

function sumAmounts(table: CanonicalTable, rows: readonly number[]): number | null {
  let total = 0;
  let any = false;
  for (const row of rows) {
    const amount = table.amountMinor[row]!;
    if (Number.isNaN(amount)) continue;
    total += amount;
    any = true;
  }
  return any ? total : null;
}

/** step key, side, type, normalized key fields and amount: stable across runs for the same open item. */
function fingerprintOf(stepKey: string, exception: EngineException, sourceRows: ExceptionRowRef[], targetRows: ExceptionRowRef[], amountMinor: number | null): string {
  const side: Side = sourceRows.length > 0 ? "source" : "target";
  const rows = side === "source" ? sourceRows : targetRows;
  const keys = rows.map((row) => FINGERPRINT_FIELDS.map((field) => `${field}=${row.values[field] ?? ""}`).join("&")).sort();
  return createHash("sha256")
    .update([stepKey, side, exception.type, keys.join("|"), exception.currency ?? "", amountMinor ?? ""].join("\u001f"))
    .digest("hex");
}

function searchTextOf(sourceRows: ExceptionRowRef[], targetRows: ExceptionRowRef[]): string {
  const parts = new Set<string>();
  for (const row of [...sourceRows, ...targetRows]) {
    for (const field of SEARCH_FIELDS) {
      const value = row.values[field];
      if (typeof value === "string" && value.length > 0) parts.add(value.toLowerCase());
    }
  }
  return [...parts].join(" ").slice(0, 2000);
}
