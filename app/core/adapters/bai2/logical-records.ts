import type { ErrorSink } from "./error-sink";
import type { PhysicalRecord } from "./physical-records";

/**
 * A BAI2 logical record: a record with its 88 continuations joined. Per the
 * specification ("Continuation records"), an 88's data resumes the record
 * exactly where it stopped: when the record was cut without its "/", the
 * 88's first characters finish the field that was cut (a value split
 * mid-way is joined whole), and a "," at the start of the 88 begins a new
 * field; when the record ended with "/", its last field was complete and
 * the 88 begins the next field.
 */
export interface LogicalRecord {
  code: string;
  line: number;
  /** "NN," then every field, continuations joined. */
  text: string;
  /** Physical records it was made of (the record and its 88s): what trailers count. */
  physicalCount: number;
  pieces: Piece[];
}

export interface Piece {
  /** Offset in `text` where this physical piece's data begins. */
  offset: number;
  line: number;
  /** Field position of the piece's first field on its line: 2 after "NN,", 1 on a line a record wrapped onto. */
  firstField: number;
  /** How it joins the piece before: the first piece, a cut field finished, or a new field (a "," the reader inserted). */
  join: "first" | "joined" | "newField";
}

export interface FieldLocation {
  line: number;
  column: number;
}

export function logicalRecords(physical: readonly PhysicalRecord[], errors: ErrorSink): LogicalRecord[] {
  const joiner = new LogicalRecordJoiner(errors);
  const records: LogicalRecord[] = [];
  for (const record of physical) {
    const done = joiner.push(record);
    if (done) records.push(done);
  }
  const last = joiner.end();
  if (last) records.push(last);
  return records;
}

/** Joins physical records as they come (a file read in chunks): `push` returns the logical record a new record code completed. */
export class LogicalRecordJoiner {
  private previous: { record: LogicalRecord; terminated: boolean } | null = null;

  constructor(private readonly errors: ErrorSink) {}

  push(record: PhysicalRecord): LogicalRecord | null {
    const previous = this.previous;
    if (record.code === "88") {
      if (!previous) {
        this.errors.add(record.line, "a continuation record (88) with no record before it to continue", { column: record.column });
        return null;
      }
      const logical = previous.record;
      const join = previous.terminated ? "newField" : "joined";
      if (previous.terminated) logical.text += ",";
      appendPieces(logical, record, join);
      logical.physicalCount++;
      previous.terminated = record.terminated;
      return null;
    }
    const logical: LogicalRecord = { code: record.code, line: record.line, text: `${record.code},`, physicalCount: 1, pieces: [] };
    appendPieces(logical, record, "first");
    this.previous = { record: logical, terminated: record.terminated };
    return previous?.record ?? null;
  }

  end(): LogicalRecord | null {
    return this.previous?.record ?? null;
  }
}

function appendPieces(logical: LogicalRecord, record: PhysicalRecord, join: Piece["join"]): void {
  const base = logical.text.length;
  logical.pieces.push({ offset: base, line: record.line, firstField: 2, join });
  for (const wrap of record.wraps) logical.pieces.push({ offset: base + wrap.offset, line: wrap.line, firstField: 1, join: "joined" });
  logical.text += record.body;
}

/** Field `index` (0 = the record code) and where it starts; the text field of a 16 is read with `restFrom`. */
export class FieldReader {
  readonly starts: number[] = [];

  constructor(readonly record: LogicalRecord) {
    this.starts.push(0);
    for (let i = 0; i < record.text.length; i++) if (record.text[i] === ",") this.starts.push(i + 1);
  }

  get count(): number {
    return this.starts.length;
  }

  field(index: number): string {
    const start = this.starts[index];
    if (start === undefined) return "";
    const end = this.starts[index + 1];
    return this.record.text.slice(start, end === undefined ? undefined : end - 1).trim();
  }

  /** Everything from field `index` to the end, commas included (a 16's text). */
  restFrom(index: number): { start: number; text: string } {
    const start = this.starts[index];
    if (start === undefined) return { start: this.record.text.length, text: "" };
    return { start, text: this.record.text.slice(start) };
  }

  /** Line and 1-based column (field position on that physical line, the record code being 1) of field `index`. */
  locate(index: number): FieldLocation {
    const offset = this.starts[Math.min(index, this.starts.length - 1)] ?? 0;
    return locateOffset(this.record, offset);
  }
}

export function locateOffset(record: LogicalRecord, offset: number): FieldLocation {
  let piece = record.pieces[0]!;
  for (const candidate of record.pieces) if (candidate.offset <= offset) piece = candidate;
  if (offset < (record.pieces[0]?.offset ?? 0)) return { line: record.line, column: 1 };
  let commas = 0;
  for (let i = piece.offset; i < offset; i++) if (record.text[i] === ",") commas++;
  return { line: piece.line, column: piece.firstField + commas };
}
