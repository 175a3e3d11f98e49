/**
 * What StringDictionary (keys.ts) and ByteDictionary (byte-dictionary.ts)
 * share: the slot layout of their open-addressing tables and the size of
 * their warm-then-probe batches.
 */

/** Interleaved [id, hash] per slot, every id -1 (empty). */
export function newSlots(capacity: number): Int32Array {
  const slots = new Int32Array(2 * capacity);
  for (let slot = 0; slot < capacity; slot++) slots[2 * slot] = -1;
  return slots;
}

/** Rows per warm-then-probe batch in the dictionaries' idsOf. */
export const BATCH = 64;
