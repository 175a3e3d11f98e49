import type { AdapterErrorLocation, AdapterReadOptions } from "../types";
import { type CamtMessage, CAMT053 } from "./messages";
import { readCamtInto } from "./read";
import type { CamtRecordSink } from "./table";

/** One output record: the line of its <Ntry> (or, in a batch, <TxDtls>) and its values by column. */
export interface CamtRecord {
  line: number;
  values: Record<string, string | null>;
}

/** Collects the records one piece of text completed, until the iterator hands them out. */
export class RecordQueue implements CamtRecordSink {
  records: CamtRecord[] = [];

  add(line: number, ...parts: ReadonlyArray<Readonly<Record<string, string | null>>>): void {
    const values: Record<string, string | null> = {};
    for (const part of parts) {
      for (const name in part) {
        const value = part[name];
        // As the table stores them: an empty or missing value is null.
        values[name] = value === undefined || value === "" ? null : value;
      }
    }
    this.records.push({ line, values });
  }
}

/**
 * The records of a camt message from its text in pieces (a file read chunk
 * by chunk), handed out as each piece completes them, so memory follows one
 * piece and one entry, never the file: a camt.053 of a million entries is
 * over a gigabyte. The same records and checks as the adapter's read();
 * iterate `records`, then ask `errors()` and `warnings()`. XML that is not
 * well formed stops the iteration with the AdapterError read() would throw.
 */
export function readCamtRecordChunks(
  message: CamtMessage,
  chunks: Iterable<string>,
  options: AdapterReadOptions,
): { records: Iterable<CamtRecord>; errors: () => number; warnings: () => AdapterErrorLocation[] } {
  const queue = new RecordQueue();
  const findings = { errors: 0, warnings: [] as AdapterErrorLocation[] };
  function* records(): Generator<CamtRecord> {
    const reading = readCamtInto(message, chunks, options, queue);
    for (let step = reading.next(); ; step = reading.next()) {
      const ready = queue.records;
      queue.records = [];
      yield* ready;
      if (step.done) {
        findings.errors = step.value.errors.size;
        findings.warnings = step.value.integrity.warnings;
        return;
      }
    }
  }
  return { records: records(), errors: () => findings.errors, warnings: () => findings.warnings };
}

export function readCamt053RecordChunks(chunks: Iterable<string>, options: AdapterReadOptions): ReturnType<typeof readCamtRecordChunks> {
  return readCamtRecordChunks(CAMT053, chunks, options);
}
