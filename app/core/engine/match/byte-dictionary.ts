import type { ByteTextColumn } from "~/core/values/text-column";
import { BATCH, doubledSlots, newSlots } from "./dictionary-slots";
import { NO_KEY } from "./no-key";

/**
 * The byte twin of StringDictionary (keys.ts), with the same contract: dense
 * ids in first-seen order, NO_KEY for a null cell, NO_KEY for a lookup of a
 * value never interned. Cells are read from ByteTextColumns, so a join key
 * never becomes a string (issue #21).
 *
 * Byte equality is string equality here because a ByteTextColumn's bytes are
 * always valid UTF-8 (text-column.ts), so one dictionary can intern from one
 * column and look up from another.
 *
 * An id's key is not copied: it is a reference to the cell that first
 * interned it (which column, start, end), kept in typed arrays. Columns are
 * immutable, so the reference stays right; the price is that the dictionary
 * keeps those columns alive, which its users (the tables being joined) do
 * anyway.
 */
export class ByteDictionary {
  /** Interleaved [id, hash] per slot, as in StringDictionary: one cache miss per probe. */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  /** Per id: its key's column (an index into `columns`) and byte range. */
  private keyColumns: Int32Array;
  private keyStarts: Int32Array;
  private keyEnds: Int32Array;
  private readonly columns: ByteTextColumn[] = [];
  private lastColumn: ByteTextColumn | null = null;
  private lastColumnIndex = -1;
  /** Where the warming loads of idsOf land, so no engine can drop them as unused. */
  private touched = 0;

  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = newSlots(capacity);
    this.mask = capacity - 1;
    this.keyColumns = new Int32Array(capacity / 2);
    this.keyStarts = new Int32Array(capacity / 2);
    this.keyEnds = new Int32Array(capacity / 2);
  }

  get size(): number {
    return this.count;
  }

  intern(column: ByteTextColumn, row: number): number {
    const start = column.startOf(row);
    const end = column.ends[row]!;
    if (start === end) return NO_KEY;
    return this.internHashed(column, start, end, fnv1aBytes(column.bytes, start, end));
  }

  lookup(column: ByteTextColumn, row: number): number {
    const start = column.startOf(row);
    const end = column.ends[row]!;
    if (start === end) return NO_KEY;
    return this.lookupHashed(column.bytes, start, end, fnv1aBytes(column.bytes, start, end));
  }

  /**
   * Ids for column's cell of every listed row, written to ids[row], in
   * batches as StringDictionary.idsOf does: first every cell of the batch is
   * hashed and its slot (and, for lookups, the stored key's first byte) is
   * touched, so the cache misses overlap; then the batch is probed for real.
   */
  idsOf(column: ByteTextColumn, rows: Int32Array, ids: Int32Array, insert: boolean): void {
    const bytes = column.bytes;
    const ends = column.ends;
    const hashes = new Int32Array(BATCH);
    let touched = 0;
    for (let base = 0; base < rows.length; base += BATCH) {
      const batchEnd = Math.min(rows.length, base + BATCH);
      for (let i = base; i < batchEnd; i++) {
        const row = rows[i]!;
        const start = row === 0 ? 0 : ends[row - 1]!;
        const end = ends[row]!;
        if (start === end) continue;
        const hash = fnv1aBytes(bytes, start, end);
        hashes[i - base] = hash;
        touched ^= this.slots[2 * (hash & this.mask)]!;
      }
      if (!insert) {
        for (let i = base; i < batchEnd; i++) {
          const slot = hashes[i - base]! & this.mask;
          const id = this.slots[2 * slot]!;
          if (id >= 0 && this.slots[2 * slot + 1] === hashes[i - base]) touched ^= this.columns[this.keyColumns[id]!]!.bytes[this.keyStarts[id]!]!;
        }
      }
      for (let i = base; i < batchEnd; i++) {
        const row = rows[i]!;
        const start = row === 0 ? 0 : ends[row - 1]!;
        const end = ends[row]!;
        if (start === end) ids[row] = NO_KEY;
        else ids[row] = insert ? this.internHashed(column, start, end, hashes[i - base]!) : this.lookupHashed(bytes, start, end, hashes[i - base]!);
      }
    }
    this.touched = touched;
  }

  private internHashed(column: ByteTextColumn, start: number, end: number, hash: number): number {
    let slot = hash & this.mask;
    for (;;) {
      const id = this.slots[2 * slot]!;
      if (id === -1) break;
      if (this.slots[2 * slot + 1] === hash && this.keyEquals(id, column.bytes, start, end)) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    if (id === this.keyStarts.length) this.growKeys();
    this.keyColumns[id] = this.indexOfColumn(column);
    this.keyStarts[id] = start;
    this.keyEnds[id] = end;
    this.slots[2 * slot] = id;
    this.slots[2 * slot + 1] = hash;
    if (this.count * 2 > this.mask) this.growSlots();
    return id;
  }

  private lookupHashed(bytes: Uint8Array, start: number, end: number, hash: number): number {
    let slot = hash & this.mask;
    for (;;) {
      const id = this.slots[2 * slot]!;
      if (id === -1) return NO_KEY;
      if (this.slots[2 * slot + 1] === hash && this.keyEquals(id, bytes, start, end)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  private keyEquals(id: number, bytes: Uint8Array, start: number, end: number): boolean {
    const keyStart = this.keyStarts[id]!;
    if (this.keyEnds[id]! - keyStart !== end - start) return false;
    const keyBytes = this.columns[this.keyColumns[id]!]!.bytes;
    for (let i = 0; i < end - start; i++) if (keyBytes[keyStart + i] !== bytes[start + i]) return false;
    return true;
  }

  /** Keys come from one or two columns in practice (the two sides of a join), so a remembered last one and a scan suffice. */
  private indexOfColumn(column: ByteTextColumn): number {
    if (column === this.lastColumn) return this.lastColumnIndex;
    let index = this.columns.indexOf(column);
    if (index === -1) index = this.columns.push(column) - 1;
    this.lastColumn = column;
    this.lastColumnIndex = index;
    return index;
  }

  private growKeys(): void {
    const capacity = this.keyStarts.length * 2;
    this.keyColumns = grownCopy(this.keyColumns, capacity);
    this.keyStarts = grownCopy(this.keyStarts, capacity);
    this.keyEnds = grownCopy(this.keyEnds, capacity);
  }

  private growSlots(): void {
    ({ slots: this.slots, mask: this.mask } = doubledSlots(this.slots));
  }
}

function grownCopy(array: Int32Array, capacity: number): Int32Array {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}

/**
 * 32-bit FNV-1a over bytes[start, end). On ASCII text it equals keys.ts's
 * fnv1a of the string (one byte per UTF-16 unit, same values).
 */
export function fnv1aBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) {
    hash ^= bytes[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}
