/**
 * A text column being read, filled in fixed-size chunks that are joined once
 * when the column is taken. Pushing a million cells onto one array grows and
 * copies it a few dozen times, and each copy into the (old-generation) array
 * re-records every young string it holds for the garbage collector; chunks
 * are written once and copied once. Reading the 1M-order Shopify file (1.6M
 * rows, five text columns) went from 3.72 to 2.96 s (means of nine runs).
 */
export class CellColumn {
  private done: Array<Array<string | null>> = [];
  private chunk = new Array<string | null>(CHUNK_CELLS);
  private count = 0;

  push(value: string | null): void {
    if (this.count === CHUNK_CELLS) {
      this.done.push(this.chunk);
      this.chunk = new Array<string | null>(CHUNK_CELLS);
      this.count = 0;
    }
    this.chunk[this.count++] = value;
  }

  /** The cells pushed so far, as one array; the column starts empty again. */
  take(): Array<string | null> {
    const last = this.chunk;
    last.length = this.count;
    const cells = this.done.length === 0 ? last : ([] as Array<string | null>).concat(...this.done, last);
    this.done = [];
    this.chunk = new Array<string | null>(CHUNK_CELLS);
    this.count = 0;
    return cells;
  }
}

/** Below V8's large-object threshold for an array of pointers (128 KiB / 8 bytes), so a chunk starts young. */
const CHUNK_CELLS = 1 << 13;
