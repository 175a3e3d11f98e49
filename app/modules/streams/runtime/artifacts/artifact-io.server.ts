import { Readable } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import type { RawTable } from "~/core/engine/types";
import { readDelimited } from "~/core/ingest/delimited/read-delimited";
import { getArtifactStore, type StoredObject } from "~/platform/storage/index.server";
import { SOURCE_FILE_COLUMN, SOURCE_LINE_COLUMN } from "./artifact-csv";

/**
 * Artifacts in and out of the ArtifactStore. The gzip header carries no
 * timestamp (Node writes mtime 0), so the same rows always give the same
 * bytes and the same content address: a retried attempt stores nothing new.
 */
export async function storeArtifactCsv(chunks: Iterable<string>): Promise<StoredObject> {
  const gzip = createGzip({ level: 6 });
  const body = Readable.from(chunks, { objectMode: false }).pipe(gzip);
  return getArtifactStore().put(body);
}

/**
 * An artifact as a step input: its columns, with the provenance columns
 * turned back into row provenance (the original file id and line), so
 * rows keep pointing at where they first came from.
 */
export async function readArtifactTable(storageKey: string, fileName: string): Promise<RawTable> {
  const stored = await getArtifactStore().get(storageKey);
  const gunzipped = stored.pipe(createGunzip());
  stored.on("error", (error) => gunzipped.destroy(error));
  const table = await readDelimited(gunzipped as AsyncIterable<Uint8Array>, { delimiter: ",", fileName });
  const fileIndex = table.columns.indexOf(SOURCE_FILE_COLUMN);
  const lineIndex = table.columns.indexOf(SOURCE_LINE_COLUMN);
  if (fileIndex < 0 || lineIndex < 0) throw new Error(`artifact ${fileName} has no provenance columns`);
  const sourceIds: string[] = [];
  const indexOfSource = new Map<string, number>();
  const sourceIndex = new Uint32Array(table.rowCount);
  const line = new Uint32Array(table.rowCount);
  const files = table.cells[fileIndex]!;
  const lines = table.cells[lineIndex]!;
  for (let row = 0; row < table.rowCount; row++) {
    const sourceId = files[row] ?? "";
    let index = indexOfSource.get(sourceId);
    if (index === undefined) {
      index = sourceIds.length;
      sourceIds.push(sourceId);
      indexOfSource.set(sourceId, index);
    }
    sourceIndex[row] = index;
    line[row] = Number(lines[row] ?? 0);
  }
  const keep = table.columns.map((_, index) => index).filter((index) => index !== fileIndex && index !== lineIndex);
  return {
    columns: keep.map((index) => table.columns[index]!),
    cells: keep.map((index) => table.cells[index]!),
    rowCount: table.rowCount,
    provenance: { sourceIds, sourceIndex, line },
  };
}
