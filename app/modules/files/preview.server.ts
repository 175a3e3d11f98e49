import type { OrgContext } from "~/core/access";
import { Conflict, ValidationFailed } from "~/core/errors/domain-errors";
import type { RawTable } from "~/core/engine/types";
import { normalizeCell, readFile } from "~/core/ingest";
import { ArtifactIntegrityError, ArtifactNotFoundError } from "~/platform/storage/index.server";
import { toProblemLocation } from "./problem-locations";
import { readThroughAdapter } from "./profile-with-adapter.server";
import { withCanonicalColumnsOrProblem } from "./ready-files.server";
import { getFile, type UploadedFile } from "./repository.server";
import { assertBytesRetained, integrityFailure, openStoredBytes } from "./stored-bytes.server";

export interface FilePreview {
  file: UploadedFile;
  columns: string[];
  rows: Array<{ line: number; values: Record<string, { raw: string | null; value: string | number | boolean | null; error?: string }> }>;
}

/**
 * The first `limit` rows as the engine will see them: each cell raw and
 * normalized by the file's column profile, with the line it came from.
 *
 * With `aroundLine` (an exception's provenance), the rows around that line
 * instead: about `limit` rows centred on the first row at or after it. Rows
 * are read up to there, so the line is bounded by PREVIEW_MAX_LINE.
 */
export const PREVIEW_MAX_LINE = 200_000;

export async function previewFile(ctx: OrgContext, id: string, limit: number, options: { aroundLine?: number } = {}): Promise<FilePreview> {
  const file = await getFile(ctx, id);
  assertReadable(file);
  const aroundLine = options.aroundLine;
  if (aroundLine !== undefined && (!Number.isInteger(aroundLine) || aroundLine < 1 || aroundLine > PREVIEW_MAX_LINE)) {
    throw new ValidationFailed(`A preview can start at lines 1 to ${PREVIEW_MAX_LINE}; download the file to see line ${aroundLine}`, {
      errors: [{ parameter: "line", message: `must be a whole number from 1 to ${PREVIEW_MAX_LINE}` }],
    });
  }
  await assertBytesRetained(ctx, file);
  const profile = file.detectedSchema!;
  const half = Math.floor(limit / 2);
  // A data row's line is at least its index + 2 (the header is line 1), so
  // reading aroundLine + half rows always reaches past the line asked for;
  // near the start, a full window still needs `limit` rows.
  const maxRows = aroundLine === undefined ? limit : Math.max(limit, aroundLine + half);
  // Only the first `maxRows` rows are parsed; the stored stream still reads and
  // hashes the rest, so the sha256 is verified before any row is shown (see
  // streamStoredObject).
  let table: RawTable;
  try {
    table = file.format?.adapter
      ? await readThroughAdapter(openStoredBytes(file), file, file.format.adapter, { maxRows })
      : (await readFile(openStoredBytes(file, { verifyWhenStoppedEarly: true }), file.name, profile, { sourceId: file.id, policy: file.policy, maxRows })).table;
  } catch (error) {
    if (error instanceof ArtifactIntegrityError || error instanceof ArtifactNotFoundError) throw integrityFailure(ctx, file, error);
    throw error;
  }
  // The `$` columns a stream step will see, after the file's own.
  table = withCanonicalColumnsOrProblem(file, table);
  const { first, end } = previewWindow(table, limit, aroundLine);
  const columnProfiles = new Map(profile.columns.map((column) => [column.name, column]));
  const rows: FilePreview["rows"] = [];
  for (let row = first; row < end; row++) {
    const values: FilePreview["rows"][number]["values"] = {};
    table.columns.forEach((columnName, columnIndex) => {
      const raw = table.cells[columnIndex]![row] ?? null;
      const columnProfile = columnProfiles.get(columnName);
      if (!columnProfile) {
        values[columnName] = { raw, value: raw };
        return;
      }
      const normalized = normalizeCell(raw, columnProfile);
      values[columnName] = normalized.error === undefined ? { raw, value: normalized.value } : { raw, value: normalized.value, error: normalized.error };
    });
    rows.push({ line: table.provenance.line[row]!, values });
  }
  return { file, columns: table.columns, rows };
}

/** Which rows of the table a preview shows: the first `limit`, or about `limit` centred on `aroundLine`. */
function previewWindow(table: RawTable, limit: number, aroundLine: number | undefined): { first: number; end: number } {
  if (aroundLine === undefined) return { first: 0, end: Math.min(limit, table.rowCount) };
  let target = table.rowCount - 1;
  for (let row = 0; row < table.rowCount; row++) {
    if (table.provenance.line[row]! >= aroundLine) {
      target = row;
      break;
    }
  }
  const first = Math.max(0, Math.min(target - Math.floor(limit / 2), table.rowCount - limit));
  return { first, end: Math.min(table.rowCount, first + limit) };
}

function assertReadable(file: UploadedFile): void {
  if (file.status === "processing") {
    throw new Conflict(`File '${file.id}' is still being profiled; poll GET /api/v1/files/${file.id} until its status is ready`);
  }
  if (file.status === "failed") {
    throw new ValidationFailed(
      `File '${file.id}' could not be read: ${file.errorCount} error${file.errorCount === 1 ? "" : "s"}` +
        (file.errorCount > file.errors.length ? ` (the first ${file.errors.length} are listed)` : ""),
      { errors: file.errors.map(toProblemLocation) },
    );
  }
}
