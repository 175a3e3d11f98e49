import { findDuplicates, type DuplicateRow } from "./deduplicate";
import { matchTables } from "./match";
import { normalizeSide, type NormalizeIssue } from "./normalize";
import type { RuleSetDefinition } from "./rule-set";
import type { CanonicalTable, EngineResult, RawTable } from "./types";

/**
 * One reconciliation, start to finish and pure: map both sides (transforms,
 * scope filter), set aside duplicates, run the passes. The same inputs and
 * rule-set version always give byte-identical results, which is what lets an
 * auditor re-perform a reconciliation.
 */
export interface ReconcileInput {
  source: RawTable;
  target: RawTable;
  definition: RuleSetDefinition;
}

export interface ReconcileOutput {
  result: EngineResult;
  source: CanonicalTable;
  target: CanonicalTable;
  /** Cells a transform could not convert (row, line, column, value, message), per side. */
  issues: { source: NormalizeIssue[]; target: NormalizeIssue[] };
}

export function reconcile(input: ReconcileInput): ReconcileOutput {
  const { definition } = input;
  const source = normalizeSide(input.source, definition.source, { lookups: definition.lookups, sideName: "source" });
  const target = normalizeSide(input.target, definition.target, { lookups: definition.lookups, sideName: "target" });
  const duplicatesSource = duplicatesOf(source.table, definition.source.deduplicate?.fields, source.excludedRows);
  const duplicatesTarget = duplicatesOf(target.table, definition.target.deduplicate?.fields, target.excludedRows);
  const result = matchTables(source.table, target.table, definition, {
    excludedSource: source.excludedRows,
    excludedTarget: target.excludedRows,
    duplicatesSource,
    duplicatesTarget,
  });
  return { result, source: source.table, target: target.table, issues: { source: source.issues, target: target.issues } };
}

function duplicatesOf(table: CanonicalTable, fields: string[] | undefined, excluded: number[]): DuplicateRow[] {
  if (!fields) return [];
  return findDuplicates(table, fields, new Set(excluded));
}
