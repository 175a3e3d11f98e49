import { ByteTextColumn } from "~/core/values/text-column";

/**
 * Text columns in a form that crosses a thread boundary cheaply. Posting a
 * million-row column as an array of strings makes the receiving thread
 * deserialize a million strings one by one (about a second for a balance
 * file's five text columns, on the thread that is waiting for them). Packed,
 * a column is one string plus a transferable typed array, and the receiver
 * rebuilds its cells as slices of that string or as shared dictionary
 * values, which is several times cheaper and allocates no copies.
 */
export type PackedTextColumn =
  /** Few distinct values (statuses, currencies): each cell is an index into `values`, -1 for null. */
  | { kind: "dictionary"; values: string[]; ids: Int32Array }
  /** The cells concatenated; cell i is text[ends[i-1], ends[i]), and an empty range is null (cells are never ""). */
  | { kind: "joined"; text: string; ends: Int32Array }
  /** A column too long to join into one string: its cells as they are, by structured clone. */
  | { kind: "cells"; cells: ReadonlyArray<string | null> }
  /**
   * The file's bytes of each cell (byte-columns.ts), UTF-8; cell i is
   * bytes[ends[i-1], ends[i]), an empty range null. `ascii`: no byte above
   * 0x7f, so the bytes decode as latin1 and byte offsets are character offsets.
   */
  | { kind: "bytes"; bytes: Uint8Array; ends: Int32Array; ascii: boolean };

/** Past this many distinct values a column is joined instead: the dictionary's map would cost more than it saves. */
const MAX_DICTIONARY_VALUES = 512;

/** Well below V8's maximum string length (2^29 - 24 characters), which a join must not exceed. */
const MAX_JOINED_CHARS = 1 << 28;

export function packTextColumn(cells: ReadonlyArray<string | null>, maxJoinedChars = MAX_JOINED_CHARS): PackedTextColumn {
  return packAsDictionary(cells) ?? packJoined(cells, maxJoinedChars);
}

/** The buffers to list as transferables when posting packed columns. */
export function transferablesOf(columns: readonly PackedTextColumn[]): ArrayBuffer[] {
  return columns.flatMap((column) => {
    if (column.kind === "dictionary") return [column.ids.buffer as ArrayBuffer];
    if (column.kind === "bytes") return [column.bytes.buffer as ArrayBuffer, column.ends.buffer as ArrayBuffer];
    return column.kind === "joined" ? [column.ends.buffer as ArrayBuffer] : [];
  });
}

export function unpackTextColumn(column: PackedTextColumn): Array<string | null> {
  if (column.kind === "dictionary") return unpackDictionary(column.values, column.ids);
  if (column.kind === "bytes") return unpackBytes(column.bytes, column.ends, column.ascii);
  // Cells that came by structured clone are this thread's own copy already.
  return column.kind === "joined" ? unpackJoined(column.text, column.ends) : (column.cells as Array<string | null>);
}

function packAsDictionary(cells: ReadonlyArray<string | null>): PackedTextColumn | undefined {
  const idOf = new Map<string, number>();
  const values: string[] = [];
  const ids = new Int32Array(cells.length);
  let previous: string | null | undefined;
  let previousId = -1;
  for (let row = 0; row < cells.length; row++) {
    const value = cells[row];
    if (value === null || value === undefined) {
      ids[row] = -1;
      continue;
    }
    // Runs of one value (a file sorted by status or currency) skip the map.
    if (value === previous) {
      ids[row] = previousId;
      continue;
    }
    let id = idOf.get(value);
    if (id === undefined) {
      if (values.length >= MAX_DICTIONARY_VALUES) return undefined;
      id = values.length;
      values.push(value);
      idOf.set(value, id);
    }
    ids[row] = id;
    previous = value;
    previousId = id;
  }
  return { kind: "dictionary", values, ids };
}

function packJoined(cells: ReadonlyArray<string | null>, maxJoinedChars: number): PackedTextColumn {
  const ends = new Int32Array(cells.length);
  let end = 0;
  for (let row = 0; row < cells.length; row++) {
    end += cells[row]?.length ?? 0;
    if (end > maxJoinedChars) return { kind: "cells", cells };
    ends[row] = end;
  }
  // join writes null cells as "", which the ends above already count as empty.
  return { kind: "joined", text: cells.join(""), ends };
}

function unpackDictionary(values: readonly string[], ids: Int32Array): Array<string | null> {
  const cells = new Array<string | null>(ids.length);
  for (let row = 0; row < ids.length; row++) {
    const id = ids[row]!;
    cells[row] = id < 0 ? null : values[id]!;
  }
  return cells;
}

function unpackJoined(text: string, ends: Int32Array): Array<string | null> {
  const cells = new Array<string | null>(ends.length);
  let start = 0;
  for (let row = 0; row < ends.length; row++) {
    const end = ends[row]!;
    // Slices of 13+ characters are views into `text`, which every cell of the column shares anyway.
    cells[row] = end === start ? null : text.slice(start, end);
    start = end;
  }
  return cells;
}

/** Cells from a column's bytes: ByteTextColumn's own strings (repeats and short values shared). */
function unpackBytes(bytes: Uint8Array, ends: Int32Array, ascii: boolean): Array<string | null> {
  return new ByteTextColumn(bytes, ends, ascii).toArray();
}
