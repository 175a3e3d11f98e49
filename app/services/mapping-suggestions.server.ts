import type { OrgContext } from "~/auth/actor";
import { ValidationFailed } from "~/domain/errors";
import { selectRawRows } from "~/engine/raw-table";
import { suggestRuleSet, type RuleSetSuggestion, type SuggestSideInput } from "~/engine/suggest";
import type { RawTable } from "~/engine/types";
import { loadReadyFile, readReadyFile, type ReadyFile } from "./files/ready-files.server";

/**
 * Proposes mappings and a first pass for two ready files (the pure scoring
 * is app/engine/suggest). Offline and deterministic: the profiles the files
 * already carry, plus the first SUGGEST_SAMPLE_ROWS rows of each for value
 * overlap and parse checks. Nothing is stored.
 *
 * Cost: readFile has no row limit, so each file is read in full (only the
 * columns a suggestion can use) and all but the first rows are dropped.
 */

export const SUGGEST_SAMPLE_ROWS = 2_000;

/** Booleans and empty columns can be neither keys nor amounts, dates or currencies: not worth reading. */
const UNREAD_TYPES = new Set(["boolean", "empty"]);

export interface MappingSuggestion {
  sourceFileId: string;
  targetFileId: string;
  sampledRows: { source: number; target: number };
  suggestion: RuleSetSuggestion;
}

export async function suggestMappings(ctx: OrgContext, input: { sourceFileId: string; targetFileId: string }): Promise<MappingSuggestion> {
  // One after the other, so a request with two bad files always reports the source's problem.
  const sourceFile = await loadReadyFile(ctx, input.sourceFileId);
  const targetFile = await loadReadyFile(ctx, input.targetFileId);
  for (const ready of [sourceFile, targetFile]) {
    if (ready.profile.columns.length === 0) {
      throw new ValidationFailed(`File '${ready.file.id}' has no columns to map`, { errors: [{ file: ready.file.name, line: 0, message: "no columns" }] });
    }
  }
  const [source, target] = await Promise.all([sampleSide(ctx, sourceFile), sampleSide(ctx, targetFile)]);
  return {
    sourceFileId: sourceFile.file.id,
    targetFileId: targetFile.file.id,
    sampledRows: { source: source.sample.rowCount, target: target.sample.rowCount },
    suggestion: suggestRuleSet({ source, target }),
  };
}

async function sampleSide(ctx: OrgContext, ready: ReadyFile): Promise<SuggestSideInput> {
  const columns = ready.profile.columns;
  // Repeated header names read their first column, as the engine's mappings do.
  const wanted = [...new Set(columns.filter((column) => !UNREAD_TYPES.has(column.type)).map((column) => column.name))];
  const sample = wanted.length === 0 ? emptySample(ready.file.id) : firstRows(await readReadyFile(ctx, ready.file, wanted), SUGGEST_SAMPLE_ROWS);
  return { columns, sample };
}

function firstRows(table: RawTable, limit: number): RawTable {
  if (table.rowCount <= limit) return table;
  return selectRawRows(table, Uint32Array.from({ length: limit }, (_, row) => row));
}

function emptySample(sourceId: string): RawTable {
  return { columns: [], cells: [], rowCount: 0, provenance: { sourceIds: [sourceId], sourceIndex: new Uint32Array(0), line: new Uint32Array(0) } };
}

// ---- Shapes

export function serializeMappingSuggestion(result: MappingSuggestion) {
  const { suggestion } = result;
  return {
    object: "mapping_suggestion" as const,
    sourceFileId: result.sourceFileId,
    targetFileId: result.targetFileId,
    sampledRows: result.sampledRows,
    source: suggestion.source,
    target: suggestion.target,
    keyCandidates: suggestion.keyCandidates,
    firstPass: suggestion.firstPass,
    definition: suggestion.definition,
  };
}
