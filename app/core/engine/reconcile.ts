import { matchTables } from "./match";
import type { NormalizeIssue } from "./normalize";
import { prepareSide, type PreparedSide } from "./prepare-side";
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
  /** Only for sides with a groupBy: per row, the file lines it stands for (see PreparedSide.groupedLines). */
  groupedLines?: { source?: number[][]; target?: number[][] };
}

export function reconcile(input: ReconcileInput): ReconcileOutput {
  const { definition } = input;
  const source = prepareSide(input.source, definition.source, { lookups: definition.lookups, sideName: "source" });
  const target = prepareSide(input.target, definition.target, { lookups: definition.lookups, sideName: "target" });
  return reconcilePrepared({ source, target, definition });
}

/**
 * The matching half of reconcile, for sides prepared elsewhere (prepareSide,
 * possibly on other threads) from the same definition's side rules.
 */
export function reconcilePrepared(input: { source: PreparedSide; target: PreparedSide; definition: RuleSetDefinition }): ReconcileOutput {
  const { source, target, definition } = input;
  const result = matchTables(source.table, target.table, definition, {
    excludedSource: source.excludedRows,
    excludedTarget: target.excludedRows,
    duplicatesSource: source.duplicates,
    duplicatesTarget: target.duplicates,
  });
  const output: ReconcileOutput = { result, source: source.table, target: target.table, issues: { source: source.issues, target: target.issues } };
  // Set only when a side is grouped, so an ungrouped reconciliation's output is exactly what it was.
  if (source.groupedLines || target.groupedLines) {
    output.groupedLines = {
      ...(source.groupedLines ? { source: source.groupedLines } : {}),
      ...(target.groupedLines ? { target: target.groupedLines } : {}),
    };
  }
  return output;
}
