import { readFileSync } from "node:fs";
import path from "node:path";
import { getAdapter } from "~/core/adapters";
import { DelimitedReader } from "~/core/ingest/delimited/read-delimited";
import { CANONICAL_PREFIX } from "~/core/canonical";
import type { RawTable } from "~/core/values/tables";

/** A fixture read by its adapter, from tests/fixtures/adapters/ or a plugin's samples. */
export function readFixture(adapterName: string, file: string): RawTable {
  const adapter = getAdapter(adapterName);
  if (!adapter) throw new Error(`no adapter ${adapterName}`);
  const bytes = readFileSync(file.startsWith("plugins/") ? path.resolve(file) : path.resolve("tests/fixtures/adapters", file));
  return adapter.read(bytes, { sourceId: "file_test", fileName: path.basename(file) });
}

/** The table's `$` columns by name. */
export function canonicalColumns(table: RawTable): Record<string, Array<string | null>> {
  return Object.fromEntries(table.columns.flatMap((name, index) => (name.startsWith(CANONICAL_PREFIX) ? [[name, table.cells[index]!]] : [])));
}

/** A plain CSV upload as the ingest pipeline reads it: the table a saved column mapping applies to. */
export function plainTable(text: string, delimiter: "," | ";" = ","): RawTable {
  const reader = new DelimitedReader({ delimiter, fileName: "upload.csv" });
  reader.push(Buffer.from(text, "utf8"));
  const table = reader.finish();
  return { columns: table.header, cells: table.cells, rowCount: table.rowCount, provenance: { sourceIds: ["file_test"], sourceIndex: new Uint32Array(table.rowCount), line: Uint32Array.from(table.lines) } };
}

export function sampleText(file: string): string {
  return readFileSync(path.resolve(file), "utf8");
}
