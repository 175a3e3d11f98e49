import { attachTextBytes } from "~/core/values/text-column";
import type { NumberColumnSpec, RawTable } from "~/core/values/tables";
import type { DelimitedTable } from "./read-delimited";

/**
 * The engine's view of a parsed delimited file: one source id for every row,
 * lines as read. `numberSpecs` names how the number columns were parsed (the
 * specs the reader's decoders were compiled from), so a mapping can check
 * that a number column is what its chain would have produced.
 */
export function rawTableFromDelimited(table: DelimitedTable, sourceId: string, numberSpecs: Readonly<Record<string, NumberColumnSpec>> = {}): RawTable {
  const raw: RawTable = {
    columns: table.columns,
    cells: table.cells,
    rowCount: table.rowCount,
    provenance: { sourceIds: [sourceId], sourceIndex: new Uint32Array(table.rowCount), line: table.lines },
  };
  if (table.textBytes) attachTextBytes(raw, table.textBytes);
  if (table.numberColumns.length > 0) {
    raw.numberColumns = table.numberColumns.map((name, index) => {
      const spec = numberSpecs[name];
      if (!spec) throw new Error(`number column "${name}" was read without a spec`);
      return { name, spec, values: table.numbers[index]!, failures: table.numberFailures[index]! };
    });
  }
  return raw;
}
