import type { RawTable } from "~/core/engine/types";
import { attachTextBytes, ByteTextColumn, isLazyColumnPending, lazyStringColumns } from "~/core/values/text-column";

/**
 * The same table with every text column held as bytes, as readDelimitedAsBytes
 * delivers a file: `cells` are made from the bytes only when read.
 */
export function withTextAsBytes(raw: RawTable): RawTable {
  const textBytes = raw.cells.map((column) => ByteTextColumn.fromStrings(column));
  return attachTextBytes({ ...raw, cells: lazyStringColumns(textBytes) }, textBytes);
}

/** Indexes of the columns whose strings were made (read by some consumer) since withTextAsBytes. */
export function columnsReadAsStrings(raw: RawTable): string[] {
  return raw.columns.filter((_, index) => !isLazyColumnPending(raw.cells, index));
}
