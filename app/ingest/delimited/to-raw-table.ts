import type { RawTable } from "../../engine/types";
import type { DelimitedTable } from "./read-delimited";

/** The engine's view of a parsed delimited file: one source id for every row, lines as read. */
export function rawTableFromDelimited(table: DelimitedTable, sourceId: string): RawTable {
  return {
    columns: table.columns,
    cells: table.cells,
    rowCount: table.rowCount,
    provenance: { sourceIds: [sourceId], sourceIndex: new Uint32Array(table.rowCount), line: table.lines },
  };
}
