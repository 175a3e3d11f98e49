import type { OrgContext } from "~/core/access";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { selectRawRows } from "~/core/engine/raw-table";
import type { SuggestSideInput } from "~/core/engine/suggest";
import type { RawTable } from "~/core/engine/types";
import { loadReadyFile, readReadyFile, type ReadyFile } from "~/modules/files/index.server";
import { computeMappingSuggestion } from "./preview-pool/preview-pool.server";
import type { MappingSuggestionView } from "./preview-pool/preview-work";

/**
 * Proposes mappings and a first pass for two ready files (the pure scoring
 * is app/core/engine/suggest). Offline and deterministic: the profiles the files
 * already carry, plus the first SUGGEST_SAMPLE_ROWS rows of each for value
 * overlap and parse checks. Nothing is stored.
 *
 * Cost: each file is parsed only up to its first SUGGEST_SAMPLE_ROWS rows
 * (only the columns a suggestion can use), so the web process does little
 * with a large file beyond streaming its bytes past the sha256 check. The
 * scoring runs on the preview pool (preview-pool/), within
 * PREVIEW_BUDGET_MS, never on the event loop.
 */

export const SUGGEST_SAMPLE_ROWS = 2_000;

/** Booleans and empty columns can be neither keys nor amounts, dates or currencies: not worth reading. */
const UNREAD_TYPES = new Set(["boolean", "empty"]);

export type { MappingSuggestionView } from "./preview-pool/preview-work";

export async function suggestMappings(ctx: OrgContext, input: { sourceFileId: string; targetFileId: string }): Promise<MappingSuggestionView> {
  // One after the other, so a request with two bad files always reports the source's problem.
  const sourceFile = await loadReadyFile(ctx, input.sourceFileId);
  const targetFile = await loadReadyFile(ctx, input.targetFileId);
  for (const ready of [sourceFile, targetFile]) {
    if (ready.profile.columns.length === 0) {
      throw new ValidationFailed(`File '${ready.file.id}' has no columns to map`, { errors: [{ file: ready.file.name, line: 0, message: "no columns" }] });
    }
  }
  const [source, target] = await Promise.all([sampleSide(ctx, sourceFile), sampleSide(ctx, targetFile)]);
  return computeMappingSuggestion({ kind: "mapping-suggestion", sourceFileId: sourceFile.file.id, targetFileId: targetFile.file.id, source, target });
}

async function sampleSide(ctx: OrgContext, ready: ReadyFile): Promise<SuggestSideInput> {
  const columns = ready.profile.columns;
  // Repeated header names read their first column, as the engine's mappings do.
  const wanted = [...new Set(columns.filter((column) => !UNREAD_TYPES.has(column.type)).map((column) => column.name))];
  const sample = wanted.length === 0 ? emptySample(ready.file.id) : firstRows(await readReadyFile(ctx, ready.file, wanted, SUGGEST_SAMPLE_ROWS), SUGGEST_SAMPLE_ROWS);
  return { columns, sample };
}

function firstRows(table: RawTable, limit: number): RawTable {
  if (table.rowCount <= limit) return table;
  return selectRawRows(table, Uint32Array.from({ length: limit }, (_, row) => row));
}

function emptySample(sourceId: string): RawTable {
  return { columns: [], cells: [], rowCount: 0, provenance: { sourceIds: [sourceId], sourceIndex: new Uint32Array(0), line: new Uint32Array(0) } };
}
