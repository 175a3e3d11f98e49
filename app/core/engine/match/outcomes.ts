import { ExceptionLog, type LoneKind } from "./exception-log";
import { MatchLog } from "./match-log";
import { severityFor, type SeverityRules } from "./severity";
import type { CanonicalTable, EngineException, FieldComparison, Match, Side } from "../types";

/**
 * The ledger of a run: every row's state, the matches and exceptions so far,
 * and notes for rows that may end up as leftovers. A row gets exactly one
 * outcome: once matched, raised in an exception or excluded it leaves the
 * pool, so later passes never see it and no row appears in two outcomes.
 */

export const ROW_FREE = 0;
export const ROW_EXCLUDED = 1;
export const ROW_MATCHED = 2;
export const ROW_RAISED = 3;

/**
 * An exception as a pass states it. `reason` may be a function: leftovers,
 * exclusions and duplicates are most of a large run's exceptions, and their
 * reasons (a row's fields, formatted) are only read when they are stored or
 * shown, so they are built then, from tables that no longer change.
 */
export type ExceptionDraft = Omit<EngineException, "severity" | "reason"> & { reason: FieldComparison[] | (() => FieldComparison[]) };

const PENDING_REASON = Symbol("pending reason");

type PendingReason = FieldComparison[] | (() => FieldComparison[]);

/** One shared accessor (one hidden class for every lazy exception); the built reason replaces the function. */
const REASON_ON_DEMAND: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: { [PENDING_REASON]: PendingReason }): FieldComparison[] {
    const pending = this[PENDING_REASON];
    if (typeof pending !== "function") return pending;
    const reason = pending();
    this[PENDING_REASON] = reason;
    return reason;
  },
  set(this: { [PENDING_REASON]: PendingReason }, reason: FieldComparison[]) {
    this[PENDING_REASON] = reason;
  },
};

export class OutcomeLedger {
  readonly state: Record<Side, Uint8Array>;
  readonly matches = new MatchLog();
  readonly exceptions = new ExceptionLog();
  /** Why a pass left a row alone (e.g. an amount-only search over its budget), shown if it ends up unmatched. */
  readonly notes: Record<Side, Map<number, FieldComparison[]>> = { source: new Map(), target: new Map() };

  constructor(
    source: CanonicalTable,
    target: CanonicalTable,
    private readonly severity: SeverityRules,
  ) {
    this.state = { source: new Uint8Array(source.rowCount), target: new Uint8Array(target.rowCount) };
  }

  isFree(side: Side, row: number): boolean {
    return this.state[side][row] === ROW_FREE;
  }

  /** Rows still in the pool, ascending. */
  freeRows(side: Side): Int32Array {
    const state = this.state[side];
    let count = 0;
    for (let row = 0; row < state.length; row++) if (state[row] === ROW_FREE) count++;
    const rows = new Int32Array(count);
    let next = 0;
    for (let row = 0; row < state.length; row++) if (state[row] === ROW_FREE) rows[next++] = row;
    return rows;
  }

  /** A pair of units matched in a pass: recorded as columns (see match-log.ts). */
  addUnitMatch(contextId: number, sourceUnit: number, targetUnit: number, score: number, sourceRows: ArrayLike<number>, targetRows: ArrayLike<number>): void {
    this.mark("source", sourceRows, ROW_MATCHED);
    this.mark("target", targetRows, ROW_MATCHED);
    this.matches.addPair(contextId, sourceUnit, targetUnit, score);
  }

  /** A match a pass built whole, with its own reason. */
  addMatch(match: Match): void {
    this.mark("source", match.sourceRows, ROW_MATCHED);
    this.mark("target", match.targetRows, ROW_MATCHED);
    this.matches.addBuilt(match);
  }

  /**
   * Records an exception. `thresholdAmountMinor` is the amount severity
   * thresholds look at (see severity.ts). Its rows take `rowState`: raised
   * (out of the pool) for exceptions a pass decides, free for the leftovers
   * reported after the last pass (they stay unmatched), excluded for scope.
   */
  addException(draft: ExceptionDraft, thresholdAmountMinor: number | null, rowState: number = ROW_RAISED): void {
    this.mark("source", draft.sourceRows, rowState);
    this.mark("target", draft.targetRows, rowState);
    this.exceptions.addObject(this.buildException(draft, thresholdAmountMinor));
  }

  /**
   * Records a one-row exception as numbers (see exception-log.ts); the
   * object is built from them by buildException when the list is read.
   */
  /** A one-row AMBIGUOUS "too many to compare" exception, as numbers (ExceptionLog.addOverflow). */
  addOverflowException(builder: number, side: Side, row: number, windowRows: number): void {
    this.state[side][row] = ROW_RAISED;
    this.exceptions.addOverflow(builder, side, row, windowRows);
  }

  addLoneException(kind: LoneKind, side: Side, row: number, otherRow: number, rowState: number): void {
    this.state[side][row] = rowState;
    this.exceptions.addLone(kind, side, row, otherRow);
  }

  buildException(draft: ExceptionDraft, thresholdAmountMinor: number | null): EngineException {
    const exception = {
      type: draft.type,
      severity: severityFor(this.severity, draft.type, thresholdAmountMinor),
      pass: draft.pass,
      sourceRows: draft.sourceRows,
      targetRows: draft.targetRows,
      amountDifferenceMinor: draft.amountDifferenceMinor,
      currency: draft.currency,
      message: draft.message,
    } as EngineException;
    if (typeof draft.reason === "function") {
      Object.defineProperty(exception, PENDING_REASON, { value: draft.reason, writable: true });
      Object.defineProperty(exception, "reason", REASON_ON_DEMAND);
    } else {
      exception.reason = draft.reason;
    }
    return exception;
  }

  note(side: Side, row: number, comparison: FieldComparison): void {
    const notes = this.notes[side];
    const existing = notes.get(row);
    if (existing) existing.push(comparison);
    else notes.set(row, [comparison]);
  }

  private mark(side: Side, rows: ArrayLike<number>, rowState: number): void {
    const state = this.state[side];
    for (let i = 0; i < rows.length; i++) state[rows[i]!] = rowState;
  }
}
