import { doubled } from "./doubled";
import type { EngineException, ExceptionType, Side } from "../types";
import { EXCEPTION_TYPES } from "../types";

/**
 * The exceptions of a run, in the order they were raised. Most of a large
 * run's exceptions concern one row and say nothing a row's fields and its
 * outcome cannot rebuild: out of scope (EXCLUDED), captured twice before
 * the first pass (DUPLICATE), or left over after the last (MISSING_IN_*).
 * Those are kept as four numbers each and built into EngineException
 * objects only when the list is read; a run that only counts them (a
 * benchmark, a summary) never builds them. At a million rows they were about
 * a hundred thousand objects, each with its message, row arrays and pending
 * reason: 60–80 MB the garbage collector traced again at every major
 * collection. A row a blocked pass could not compare (its window held too
 * many rows) is kept the same way (addOverflow). Other exceptions a pass
 * raises (mismatches, ambiguities) are stored as the objects they are built as.
 */

/** How a one-row exception came about; what it is built from depends on it. */
export const LONE_EXCLUDED = 0;
export const LONE_DUPLICATE = 1;
export const LONE_LEFTOVER = 2;
export type LoneKind = typeof LONE_EXCLUDED | typeof LONE_DUPLICATE | typeof LONE_LEFTOVER;

/** Builds the exception a one-row entry stands for (the same object it would have been when raised). */
export type LoneBuilder = (kind: LoneKind, side: Side, row: number, otherRow: number) => EngineException;

const OBJECT = 255;
/** A row alone in an AMBIGUOUS exception because its window held too many rows to compare (see addOverflow). */
const OVERFLOW = 254;

/** Builds an overflow entry's exception: the row, and how many rows its window held. */
export type OverflowBuilder = (side: Side, row: number, windowRows: number) => EngineException;
const SIDES: readonly Side[] = ["source", "target"];
const TYPE_ORDER = new Map(EXCEPTION_TYPES.map((type, index) => [type, index]));
const NONE = Number.MAX_SAFE_INTEGER;

export class ExceptionLog {
  private length = 0;
  /** Per entry: a LoneKind, or OBJECT for an exception stored whole. */
  private kind = new Uint8Array(1024);
  private side = new Uint8Array(1024);
  /** The row (lone entries) or the index into `objects`. */
  private row = new Int32Array(1024);
  /** The kept row of a duplicate. */
  private otherRow = new Int32Array(1024);
  private readonly objects: EngineException[] = [];
  /** Overflow entries: which builder (one per pass resolution) makes their exception. */
  private builder = new Int32Array(1024);
  private readonly builders: OverflowBuilder[] = [];

  get count(): number {
    return this.length;
  }

  addObject(exception: EngineException): void {
    const at = this.grow();
    this.kind[at] = OBJECT;
    this.row[at] = this.objects.length;
    this.objects.push(exception);
  }

  addLone(kind: LoneKind, side: Side, row: number, otherRow = -1): void {
    const at = this.grow();
    this.kind[at] = kind;
    this.side[at] = side === "source" ? 0 : 1;
    this.row[at] = row;
    this.otherRow[at] = otherRow;
  }

  /** A builder for overflow entries; its index is what addOverflow takes. */
  addOverflowBuilder(build: OverflowBuilder): number {
    return this.builders.push(build) - 1;
  }

  /**
   * A one-row AMBIGUOUS exception raised because the row's window held more
   * rows than a pass compares. A blocked pass over a million rows of common
   * amounts raises hundreds of thousands of these; as objects (rows, message,
   * reason) they ran a 1M × 1M tolerance pass out of a 4 GB heap. Kept as
   * numbers, the builder makes the same object when the list is read.
   */
  addOverflow(builder: number, side: Side, row: number, windowRows: number): void {
    const at = this.grow();
    this.kind[at] = OVERFLOW;
    this.side[at] = side === "source" ? 0 : 1;
    this.row[at] = row;
    this.otherRow[at] = windowRows;
    this.builder[at] = builder;
  }

  typeOf(entry: number): ExceptionType {
    const kind = this.kind[entry]!;
    if (kind === OBJECT) return this.objects[this.row[entry]!]!.type;
    if (kind === OVERFLOW) return "AMBIGUOUS";
    if (kind === LONE_EXCLUDED) return "EXCLUDED";
    if (kind === LONE_DUPLICATE) return "DUPLICATE";
    return this.side[entry] === 0 ? "MISSING_IN_TARGET" : "MISSING_IN_SOURCE";
  }

  /**
   * Entry indexes in the result's order: type (EXCEPTION_TYPES order), then
   * smallest source row (none last), then smallest target row, then the
   * order raised, which is what a stable sort of the objects gave.
   */
  ordered(): Int32Array {
    const count = this.length;
    const type = new Uint8Array(count);
    const sourceRow = new Float64Array(count);
    const targetRow = new Float64Array(count);
    for (let entry = 0; entry < count; entry++) {
      type[entry] = TYPE_ORDER.get(this.typeOf(entry))!;
      if (this.kind[entry] === OBJECT) {
        const exception = this.objects[this.row[entry]!]!;
        sourceRow[entry] = exception.sourceRows[0] ?? NONE;
        targetRow[entry] = exception.targetRows[0] ?? NONE;
      } else {
        const onSource = this.side[entry] === 0;
        sourceRow[entry] = onSource ? this.row[entry]! : NONE;
        targetRow[entry] = onSource ? NONE : this.row[entry]!;
      }
    }
    const order = Array.from({ length: count }, (_, entry) => entry);
    order.sort((a, b) => type[a]! - type[b]! || sourceRow[a]! - sourceRow[b]! || targetRow[a]! - targetRow[b]! || a - b);
    return Int32Array.from(order);
  }

  /** The exception of an entry: the stored object, or one built now from the entry's numbers. */
  build(entry: number, buildLone: LoneBuilder): EngineException {
    const kind = this.kind[entry]!;
    if (kind === OBJECT) return this.objects[this.row[entry]!]!;
    if (kind === OVERFLOW) return this.builders[this.builder[entry]!]!(SIDES[this.side[entry]!]!, this.row[entry]!, this.otherRow[entry]!);
    return buildLone(kind as LoneKind, SIDES[this.side[entry]!]!, this.row[entry]!, this.otherRow[entry]!);
  }

  private grow(): number {
    if (this.length === this.kind.length) {
      this.kind = doubled(this.kind);
      this.side = doubled(this.side);
      this.row = doubled(this.row);
      this.otherRow = doubled(this.otherRow);
      this.builder = doubled(this.builder);
    }
    return this.length++;
  }
}
