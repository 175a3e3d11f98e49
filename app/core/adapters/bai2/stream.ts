import { CHUNK_READ, physicalLines as linesOfChunks } from "../mt940/tokenizer";
import type { TextLine } from "../support/text";
import type { AdapterErrorLocation, AdapterReadOptions } from "../types";
import { IntegrityReport } from "./integrity";
import { LogicalRecordJoiner, type LogicalRecord } from "./logical-records";
import { certainRecordsEnd, paddedRecordLength, PhysicalRecordSplitter, physicalLines } from "./physical-records";
import { Bai2Reader } from "./reader";
import { StreamedErrors } from "./streamed-errors";

/**
 * BAI2 read chunk by chunk (see streaming/readers.ts), with the outcome of
 * readBai2 over the whole bytes: lines are split as they come (a record cut
 * between chunks waits for the rest of its line, a 16 for its 88s), records
 * are read as they complete. Memory follows one line (or, for a file
 * without line breaks, one record) and one logical record, except for a
 * fixed-length file without line breaks, which is held until its end: only
 * then is it known to be one.
 */

export interface Bai2Record {
  line: number;
  values: Readonly<Record<string, string | null>>;
}

export function startBai2(chunks: Iterable<string>, options: AdapterReadOptions) {
  const errors = new StreamedErrors(options.fileName);
  const report = new IntegrityReport(errors.reading, options.policy ?? "strict");
  const splitter = new PhysicalRecordSplitter(errors.physical);
  const joiner = new LogicalRecordJoiner(errors.logical);
  const ready: Bai2Record[] = [];
  const reader = new Bai2Reader(errors.reading, report, false, { add: (line, values) => ready.push({ line, values: withNulls(values) }) }, errors.trusting);
  let first: LogicalRecord | null = null;
  let last: LogicalRecord | null = null;
  const take = (record: LogicalRecord | null) => {
    if (record === null) return;
    first ??= record;
    last = record;
    // Not a BAI2 file: readBai2 stops before reading any record (the physical errors are still all reported).
    if (first.code === "01") reader.read(record);
  };
  function* steps(): Generator<Bai2Record | typeof CHUNK_READ> {
    for (const line of bai2Lines(chunks)) {
      if (line === CHUNK_READ) {
        yield* ready.splice(0);
        yield CHUNK_READ;
        continue;
      }
      for (const physical of splitter.line(line, line.columnOffset)) take(joiner.push(physical));
    }
    for (const physical of splitter.end()) take(joiner.push(physical));
    take(joiner.end());
    yield* ready.splice(0);
  }
  return {
    steps: steps(),
    end(): AdapterErrorLocation[] {
      const opening = first as LogicalRecord | null;
      if (opening === null || opening.code !== "01") {
        errors.reading.add(opening?.line ?? 1, 'a BAI2 file starts with its "01" file header record', { column: 1 });
        errors.throwIfAny();
      }
      reader.finish(last!);
      errors.throwIfAny();
      return report.warnings;
    },
  };
}

/** As RecordTableBuilder stores them: an empty value is null. */
function withNulls(values: Readonly<Record<string, string | null>>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(values)) out[name] = value === "" ? null : value;
  return out;
}

/** A line, or a piece of the first line of a file not yet seen to have line breaks, `columnOffset` characters into it. */
type LinePiece = TextLine & { columnOffset?: number };

/**
 * The file's lines, CHUNK_READ after each chunk. Until the first line break
 * the first line comes in pieces, each ending where a record certainly ends
 * (certainRecordsEnd), so a file with no line break at all (records
 * separated by "/" only) is held one record at a time. A file that may be a
 * fixed-length one (01 field 7, records padded with spaces) is held whole:
 * only its length tells, at its end, whether it is cut into records of that
 * length (physical-records.ts).
 */
function* bai2Lines(chunks: Iterable<string>): Generator<LinePiece | typeof CHUNK_READ> {
  const iterator = chunks[Symbol.iterator]();
  let held = "";
  let layout: number | "undecided" | null = "undecided";
  let columnOffset = 0;
  let textRecord = false;
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    held += next.value;
    if (/[\r\n]/.test(held)) {
      const lineBreak = held.search(/[\r\n]/);
      if (columnOffset > 0 && lineBreak > 0) yield { line: 1, text: held.slice(0, lineBreak), columnOffset };
      // The rest of line 1 was given above: its line break starts the text whose first (empty) line is skipped.
      yield* linesOfChunks(heldThenRest(columnOffset > 0 ? held.slice(lineBreak) : held, iterator));
      return;
    }
    if (layout === "undecided") layout = paddedRecordLength(held, false);
    if (layout === null) {
      const certain = certainRecordsEnd(held, textRecord);
      if (certain.cut > 0) {
        yield { line: 1, text: held.slice(0, certain.cut), columnOffset };
        columnOffset += certain.cut;
        textRecord = certain.textRecord;
        held = held.slice(certain.cut);
      }
    }
    yield CHUNK_READ;
  }
  if (columnOffset > 0) {
    if (held !== "") yield { line: 1, text: held, columnOffset };
    return;
  }
  yield* physicalLines(held);
}

function* heldThenRest(held: string, rest: Iterator<string>): Generator<string> {
  yield held;
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value;
}
