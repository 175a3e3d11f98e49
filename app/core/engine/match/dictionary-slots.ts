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

/** The same [id, hash] entries in a table of twice as many slots (each placed by its hash's low bits). */
export function doubledSlots(old: Int32Array): { slots: Int32Array; mask: number } {
  const capacity = old.length; // twice the old slot count
  const slots = newSlots(capacity);
  const mask = capacity - 1;
  for (let oldSlot = 0; oldSlot < old.length; oldSlot += 2) {
    const id = old[oldSlot]!;
    if (id === -1) continue;
    const hash = old[oldSlot + 1]!;
    let slot = hash & mask;
    while (slots[2 * slot] !== -1) slot = (slot + 1) & mask;
    slots[2 * slot] = id;
    slots[2 * slot + 1] = hash;
  }
  return { slots, mask };
}
