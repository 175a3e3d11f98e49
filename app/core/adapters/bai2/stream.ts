import { CHUNK_READ, physicalLines as linesOfChunks } from "../mt940/tokenizer";
import { ReadAgain } from "../streaming/protocol";
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
 * without line breaks, one record) and one logical record, fixed-length
 * files without line breaks included (see bai2Lines).
 */

export interface Bai2Record {
  line: number;
  values: Readonly<Record<string, string | null>>;
}

export function startBai2(chunks: Iterable<string>, options: AdapterReadOptions, hint?: unknown) {
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
    for (const line of bai2Lines(chunks, hint === NOT_FIXED_LENGTH)) {
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

/** The ReadAgain hint of a file first taken for a fixed-length one without line breaks, which its end showed it is not. */
const NOT_FIXED_LENGTH = "bai2: not fixed-length";

/**
 * The file's lines, CHUNK_READ after each chunk. Until the first line break
 * the first line comes in pieces, each ending where a record certainly ends
 * (certainRecordsEnd), so a file with no line break at all (records
 * separated by "/" only) is held one record at a time.
 *
 * A file whose first records are padded with spaces to the header's record
 * length (01 field 7; physical-records.ts) is taken for a fixed-length one
 * and cut into records of that length as they come, numbered as lines.
 * Only its end tells for certain (it has no line break anywhere, and its
 * length is a multiple of the record length); when it is not one after
 * all, the reading starts over (ReadAgain) with `notFixedLength`, as one
 * line in pieces, which is what read() makes of it.
 */
function* bai2Lines(chunks: Iterable<string>, notFixedLength: boolean): Generator<LinePiece | typeof CHUNK_READ> {
  const iterator = chunks[Symbol.iterator]();
  let held = "";
  let layout: number | "undecided" | null = notFixedLength ? null : "undecided";
  let columnOffset = 0;
  let textRecord = false;
  /** Fixed-length records given so far (each its own line). */
  let fixedLines = 0;
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    held += next.value;
    if (/[\r\n]/.test(held)) {
      if (fixedLines > 0) throw new ReadAgain(NOT_FIXED_LENGTH);
      const lineBreak = held.search(/[\r\n]/);
      if (columnOffset > 0 && lineBreak > 0) yield { line: 1, text: held.slice(0, lineBreak), columnOffset };
      // The rest of line 1 was given above: its line break starts the text whose first (empty) line is skipped.
      yield* linesOfChunks(heldThenRest(columnOffset > 0 ? held.slice(lineBreak) : held, iterator));
      return;
    }
    if (layout === "undecided") layout = paddedRecordLength(held, false);
    if (typeof layout === "number") {
      let at = 0;
      for (; held.length - at >= layout; at += layout) yield { line: ++fixedLines, text: held.slice(at, at + layout) };
      held = held.slice(at);
    } else if (layout === null) {
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
  if (fixedLines > 0) {
    if (held !== "") throw new ReadAgain(NOT_FIXED_LENGTH);
    return;
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
