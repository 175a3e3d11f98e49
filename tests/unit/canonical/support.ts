import { readFileSync } from "node:fs";
import path from "node:path";
import { getAdapter } from "~/core/adapters";
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
