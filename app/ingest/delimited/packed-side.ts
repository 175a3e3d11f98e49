import type { DuplicateRow } from "../../engine/deduplicate";
import type { NormalizeIssue } from "../../engine/normalize/errors";
import type { PreparedSide } from "../../engine/prepare-side";
import type { SideDefinition } from "../../engine/rule-set";
import type { NumberColumn } from "../../engine/types";
import { packTextColumn, transferablesOf, unpackTextColumn, type PackedTextColumn } from "./packed-columns";

/**
 * A PreparedSide in a form that crosses a thread boundary cheaply: typed
 * lanes are transferred, text columns packed (packed-columns.ts). A text
 * lane holding exactly its source column's cells (a mapping with no
 * transform, or one that changed nothing) is sent as a reference to that
 * raw column, so the receiver rebuilds it once and both share the strings.
 */
type PackedLane = { kind: "rawColumn"; index: number } | PackedTextColumn;

export interface PackedPreparedSide {
  rowCount: number;
  columns: string[];
  rawCells: PackedTextColumn[];
  sourceIds: string[];
  sourceIndex: Uint32Array;
  line: Uint32Array;
  numberColumns: NumberColumn[] | undefined;
  amountMinor: Float64Array;
  currency: PackedLane;
  date: Int32Array;
  text: Array<[string, PackedLane]>;
  numbers: Array<[string, Float64Array]>;
  excludedRows: Int32Array;
  duplicates: DuplicateRow[];
  issues: NormalizeIssue[];
}

export function packPreparedSide(prepared: PreparedSide, side: SideDefinition): { packed: PackedPreparedSide; transfer: ArrayBuffer[] } {
  const { table } = prepared;
  const raw = table.raw;
  const columnOfField = new Map(side.mappings.map((mapping) => [mapping.field, mapping.column ?? null]));
  const lane = (field: string, cells: ReadonlyArray<string | null>): PackedLane => {
    const column = columnOfField.get(field);
    const index = column === undefined || column === null ? -1 : raw.columns.indexOf(column);
    if (index >= 0 && sameCells(raw.cells[index]!, cells)) return { kind: "rawColumn", index };
    return packTextColumn(cells);
  };
  const rawCells = raw.cells.map((cells) => packTextColumn(cells));
  const text = Object.entries(table.text).map(([field, cells]): [string, PackedLane] => [field, lane(field, cells)]);
  const currency = lane("currency", table.currency);
  const packed: PackedPreparedSide = {
    rowCount: table.rowCount,
    columns: raw.columns,
    rawCells,
    sourceIds: raw.provenance.sourceIds,
    sourceIndex: raw.provenance.sourceIndex,
    line: raw.provenance.line,
    numberColumns: raw.numberColumns,
    amountMinor: table.amountMinor,
    currency,
    date: table.date,
    text,
    numbers: Object.entries(table.numbers),
    excludedRows: Int32Array.from(prepared.excludedRows),
    duplicates: prepared.duplicates,
    issues: prepared.issues,
  };
  const lanes = [currency, ...text.map(([, packedLane]) => packedLane)].filter((packedLane): packedLane is PackedTextColumn => packedLane.kind !== "rawColumn");
  const buffers = [
    packed.sourceIndex,
    packed.line,
    packed.amountMinor,
    packed.date,
    packed.excludedRows,
    ...(packed.numberColumns ?? []).map((column) => column.values),
    ...packed.numbers.map(([, values]) => values),
  ].map((array) => array.buffer as ArrayBuffer);
  // A buffer listed twice makes postMessage throw; lanes may share one (a table's views of the reader's arrays).
  const transfer = [...new Set([...buffers, ...transferablesOf(rawCells), ...transferablesOf(lanes)])];
  return { packed, transfer };
}

export function unpackPreparedSide(packed: PackedPreparedSide): PreparedSide {
  const rawCells = packed.rawCells.map(unpackTextColumn);
  const lane = (packedLane: PackedLane) => (packedLane.kind === "rawColumn" ? rawCells[packedLane.index]! : unpackTextColumn(packedLane));
  const raw = {
    columns: packed.columns,
    cells: rawCells,
    rowCount: packed.rowCount,
    provenance: { sourceIds: packed.sourceIds, sourceIndex: packed.sourceIndex, line: packed.line },
    ...(packed.numberColumns ? { numberColumns: packed.numberColumns } : {}),
  };
  return {
    table: {
      rowCount: packed.rowCount,
      raw,
      amountMinor: packed.amountMinor,
      currency: lane(packed.currency),
      date: packed.date,
      text: Object.fromEntries(packed.text.map(([field, packedLane]) => [field, lane(packedLane)])),
      numbers: Object.fromEntries(packed.numbers),
    },
    excludedRows: Array.from(packed.excludedRows),
    duplicates: packed.duplicates,
    issues: packed.issues,
  };
}

function sameCells(a: ReadonlyArray<string | null>, b: ReadonlyArray<string | null>): boolean {
  if (a.length !== b.length) return false;
  for (let row = 0; row < a.length; row++) if (a[row] !== b[row]) return false;
  return true;
}
