/**
 * Key tuples → dense integer ids, so the hot loops compare and bucket Int32
 * values instead of strings.
 *
 * Each key field has its own string dictionary (typed open addressing, see
 * StringDictionary). Multi-field tuples are then folded pairwise through a
 * typed open-addressing table of (id, id) → id, which never builds a joined
 * string per row. Null and "" get NO_KEY: an absent key is not a key, and two
 * absent keys must never match each other.
 */

import { ByteDictionary } from "./byte-dictionary";
import type { KeyColumn } from "./fields";
import { ByteTextColumn } from "~/core/values/text-column";

import { NO_KEY } from "./no-key";
import { BATCH, doubledSlots, newSlots } from "./dictionary-slots";

export { NO_KEY };

/**
 * String → dense id, in first-seen order: open addressing over an Int32Array
 * holding each slot's id and the string's 32-bit FNV-1a hash. A probe reads
 * the stored string only when the hashes agree. Measured on this machine, a
 * join of a million fresh strings took about 0.4 s this way against about
 * 1 s with a JS Map, which also grows and rehashes its entry objects.
 */
export class StringDictionary {
  /** Interleaved [id, hash] per slot, so a probe costs one cache miss, not two. */
  private slots: Int32Array;
  private mask: number;
  private readonly values: string[] = [];
  /** Where the warming loads of idsOf land, so no engine can drop them as unused. */
  private touched = 0;

  constructor(expected = 16) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = newSlots(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.values.length;
  }

  intern(value: string | null): number {
    if (value === null || value.length === 0) return NO_KEY;
    return this.internHashed(value, fnv1a(value));
  }

  lookup(value: string | null): number {
    if (value === null || value.length === 0) return NO_KEY;
    return this.lookupHashed(value, fnv1a(value));
  }

  /**
   * Ids for column[row] of every listed row, written to ids[row]. Rows go in
   * batches: first every value of the batch is hashed and its slot (and, for
   * lookups, the string stored there) is touched, then the batch is probed
   * for real. The touches have no dependencies on each other, so their cache
   * misses overlap instead of queueing one after another, which is most of a
   * join's cost at a million rows (the "warm upcoming entries" of
   * shared/docs/perf-notes.md).
   */
  idsOf(column: ReadonlyArray<string | null>, rows: Int32Array, ids: Int32Array, insert: boolean): void {
    const hashes = new Int32Array(BATCH);
    let touched = 0;
    for (let base = 0; base < rows.length; base += BATCH) {
      const end = Math.min(rows.length, base + BATCH);
      for (let i = base; i < end; i++) {
        const value = column[rows[i]!] ?? null;
        if (value === null || value.length === 0) continue;
        const hash = fnv1a(value);
        hashes[i - base] = hash;
        touched ^= this.slots[2 * (hash & this.mask)]!;
      }
      if (!insert) {
        for (let i = base; i < end; i++) {
          const slot = hashes[i - base]! & this.mask;
          const id = this.slots[2 * slot]!;
          if (id >= 0 && this.slots[2 * slot + 1] === hashes[i - base]) touched ^= this.values[id]!.length;
        }
      }
      for (let i = base; i < end; i++) {
        const row = rows[i]!;
        const value = column[row] ?? null;
        if (value === null || value.length === 0) ids[row] = NO_KEY;
        else ids[row] = insert ? this.internHashed(value, hashes[i - base]!) : this.lookupHashed(value, hashes[i - base]!);
      }
    }
    this.touched = touched;
  }

  private internHashed(value: string, hash: number): number {
    let slot = hash & this.mask;
    for (;;) {
      const id = this.slots[2 * slot]!;
      if (id === -1) break;
      if (this.slots[2 * slot + 1] === hash && this.values[id] === value) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.values.length;
    this.values.push(value);
    this.slots[2 * slot] = id;
    this.slots[2 * slot + 1] = hash;
    if (this.values.length * 2 > this.mask) this.grow();
    return id;
  }

  private lookupHashed(value: string, hash: number): number {
    let slot = hash & this.mask;
    for (;;) {
      const id = this.slots[2 * slot]!;
      if (id === -1) return NO_KEY;
      if (this.slots[2 * slot + 1] === hash && this.values[id] === value) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    ({ slots: this.slots, mask: this.mask } = doubledSlots(this.slots));
  }
}

/** 32-bit FNV-1a over UTF-16 code units. */
export function fnv1a(value: string): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash;
}

/** Open addressing with linear probing over Int32Arrays; (a, b) both ≥ 0. */
export class IntPairTable {
  private keysA: Int32Array;
  private keysB: Int32Array;
  private values: Int32Array;
  private mask: number;
  private used = 0;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.keysA = new Int32Array(capacity).fill(-1);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.used;
  }

  intern(a: number, b: number): number {
    return this.find(a, b, true);
  }

  lookup(a: number, b: number): number {
    return this.find(a, b, false);
  }

  private find(a: number, b: number, insert: boolean): number {
    let slot = slotOf(a, b) & this.mask;
    for (;;) {
      const keyA = this.keysA[slot]!;
      if (keyA === -1) break;
      if (keyA === a && this.keysB[slot] === b) return this.values[slot]!;
      slot = (slot + 1) & this.mask;
    }
    if (!insert) return NO_KEY;
    const id = this.used++;
    this.keysA[slot] = a;
    this.keysB[slot] = b;
    this.values[slot] = id;
    if (this.used * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const oldA = this.keysA;
    const oldB = this.keysB;
    const oldValues = this.values;
    const capacity = oldA.length * 2;
    this.keysA = new Int32Array(capacity).fill(-1);
    this.keysB = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let old = 0; old < oldA.length; old++) {
      const a = oldA[old]!;
      if (a === -1) continue;
      const b = oldB[old]!;
      let slot = slotOf(a, b) & this.mask;
      while (this.keysA[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keysA[slot] = a;
      this.keysB[slot] = b;
      this.values[slot] = oldValues[old]!;
    }
  }
}

function slotOf(a: number, b: number): number {
  // Multiplicative mixing (golden-ratio and murmur constants) spreads consecutive ids.
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Interns tuples of text columns. The same instance must serve both sides of
 * a comparison so equal tuples get equal ids.
 */
export class TupleDictionary {
  /** Per field: a byte or a string dictionary, chosen by the first column it sees (the source side's). */
  private readonly fields: Array<StringDictionary | ByteDictionary | undefined>;
  private readonly pairs: IntPairTable | null;

  constructor(
    arity: number,
    private readonly expectedTuples: number,
  ) {
    this.fields = new Array(arity).fill(undefined);
    this.pairs = arity > 1 ? new IntPairTable(expectedTuples) : null;
  }

  /** Upper bound (exclusive) of the ids handed out so far. */
  get size(): number {
    return this.pairs ? this.pairs.size : (this.fields[0]?.size ?? 0);
  }

  /**
   * Ids of one field's values. A column held as bytes is interned on its
   * bytes, strings as strings; when the two sides hold a field differently
   * (bytes from a reader, strings from an adapter), the later side is
   * converted to the first side's form. Ids are dense in first-seen order
   * either way, so the form never changes a result.
   */
  private fieldIds(field: number, column: KeyColumn, rows: Int32Array, ids: Int32Array, insert: boolean): void {
    let dictionary = this.fields[field];
    if (dictionary === undefined) {
      dictionary = column instanceof ByteTextColumn ? new ByteDictionary(this.expectedTuples) : new StringDictionary(this.expectedTuples);
      this.fields[field] = dictionary;
    }
    if (dictionary instanceof ByteDictionary) dictionary.idsOf(column instanceof ByteTextColumn ? column : ByteTextColumn.fromStrings(column), rows, ids, insert);
    else dictionary.idsOf(column instanceof ByteTextColumn ? column.toArray() : column, rows, ids, insert);
  }

  /**
   * Per row of the table (length rowCount, NO_KEY elsewhere): the tuple id of
   * each listed row. With insert=false, tuples never seen get NO_KEY, which is
   * how the second side of a join skips keys the first side lacks.
   */
  idsFor(columns: ReadonlyArray<KeyColumn>, rows: Int32Array, rowCount: number, insert: boolean): Int32Array {
    const ids = new Int32Array(rowCount).fill(NO_KEY);
    this.fieldIds(0, columns[0]!, rows, ids, insert);
    if (this.pairs === null) return ids;
    const part = new Int32Array(rowCount);
    for (let field = 1; field < columns.length; field++) {
      this.fieldIds(field, columns[field]!, rows, part, insert);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        const tuple = ids[row]!;
        const next = part[row]!;
        if (tuple === NO_KEY || next === NO_KEY) ids[row] = NO_KEY;
        else ids[row] = insert ? this.pairs.intern(tuple, next) : this.pairs.lookup(tuple, next);
      }
    }
    return ids;
  }
}

/** Compressed buckets: the items of bucket b are items[start[b] .. start[b+1]). */
export interface Buckets {
  start: Int32Array;
  items: Int32Array;
}

/**
 * Counting sort of `members` by `bucketOf[member]` (NO_KEY members dropped).
 * Stable, so each bucket lists its members in the order given (ascending
 * when `members` is ascending). Two linear passes, no comparisons.
 */
export function bucketize(bucketOf: Int32Array, bucketCount: number, members: Int32Array): Buckets {
  const start = new Int32Array(bucketCount + 1);
  for (let i = 0; i < members.length; i++) {
    const bucket = bucketOf[members[i]!]!;
    if (bucket !== NO_KEY) start[bucket + 1]!++;
  }
  for (let bucket = 0; bucket < bucketCount; bucket++) start[bucket + 1]! += start[bucket]!;
  const items = new Int32Array(start[bucketCount]!);
  const fill = start.slice(0, bucketCount);
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    const bucket = bucketOf[member]!;
    if (bucket !== NO_KEY) items[fill[bucket]!++] = member;
  }
  return { start, items };
}
