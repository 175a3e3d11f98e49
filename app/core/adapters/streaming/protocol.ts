import { CHUNK_READ } from "../mt940/tokenizer";
import type { AdapterErrorLocation, AdapterReadOptions } from "../types";

/**
 * What a chunk-driven adapter reader (readers.ts) and its driver (drive.ts)
 * say to each other. A reader gives its records as they complete and
 * CHUNK_READ after every chunk it has read, so the driver fetches the next
 * chunk (from storage, asynchronously) only then.
 */

export { CHUNK_READ };

export interface StreamedRecord {
  /** As provenance says it: the 1-based line of the record's first line. */
  line: number;
  /** By column name; or, for a table whose header may repeat a name, `cells` in `columns()` order. */
  values?: Readonly<Record<string, string | null>>;
  cells?: ReadonlyArray<string | null>;
}

export interface RecordSteps {
  steps: Iterator<StreamedRecord | typeof CHUNK_READ>;
  /** After the steps are done: throws the AdapterError read() would throw, else returns read()'s warnings. */
  end(): AdapterErrorLocation[];
  /** The columns read() writes, in its order; known once a record was given, or after end() (a CSV's come from its header). */
  columns(): readonly string[];
}

export interface StreamingRecordReader {
  /**
   * `chunks` is pulled once at the start and once after each CHUNK_READ.
   * `hint` is what a ReadAgain thrown by an earlier pass over the same file carried.
   */
  start(chunks: Iterable<string>, options: AdapterReadOptions, hint?: unknown): RecordSteps;
}

/**
 * Thrown by a reader that learned, late in the file, something every record
 * depends on (an Amazon file's decimal comma, an Adyen batch's payout
 * reference written after its rows): the driver drops what it collected and
 * reads the file once more with `hint`. Holding the rows until then is what
 * streaming must not do; a second pass costs time, not memory.
 */
export class ReadAgain extends Error {
  constructor(readonly hint: unknown) {
    super("the reader needs a second pass over the file");
    this.name = "ReadAgain";
  }
}
