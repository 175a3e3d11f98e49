import { createBusinessCalendar } from "./business-days";
import { MatchInputError } from "./errors";
import { describeLoneRow, type RowFields, rowFieldsOf } from "./explain";
import { OutcomeLedger, ROW_EXCLUDED, ROW_FREE, ROW_MATCHED } from "./outcomes";
import { runPass } from "./passes/run";
import { planPass } from "./plan";
import { countExceptionsByType, countMatchesByPass, summarizeSide } from "./summary";
import { indexCurrencies, provenanceOf } from "./units";
import type { RuleSetDefinition } from "../rule-set";
import type { CanonicalTable, EngineException, EngineResult, Match, MatchTable, Side } from "../types";
import { EXCEPTION_TYPES } from "../types";

/**
 * The matching core: two canonical tables and a rule set's passes in, matches,
 * exceptions and unmatched rows out. Pure and deterministic: no clock, no
 * randomness, no iteration over unordered structures that reaches the output
 * unsorted, so the same input gives byte-identical JSON.
 *
 * Lifecycle of a row: excluded by scope (EXCLUDED, never compared), or in the
 * pool; each pass, in order, takes rows out of the pool by matching them or
 * by raising them in an exception (mismatch, duplicate, ambiguous); whatever
 * is still in the pool at the end is MISSING_IN_TARGET / MISSING_IN_SOURCE.
 * Every row gets exactly one outcome.
 *
 * unmatchedSource / unmatchedTarget list every row that is in no Match and
 * not excluded, ascending: the leftovers and the rows of pass-raised
 * exceptions alike. Both are unreconciled until a person resolves them, and
 * the next step of a stream may still find their counterparts.
 */
export { MatchConfigurationError, MatchInputError } from "./errors";
export { MAX_WINDOW_ROWS } from "./passes/tolerance";

export interface MatchOptions {
  /** Rows outside the source side's scope filter: reported EXCLUDED, never compared. */
  excludedSource?: number[];
  excludedTarget?: number[];
  /** Records captured twice (see ../deduplicate.ts): reported DUPLICATE of the kept row, never compared. */
  duplicatesSource?: ReadonlyArray<{ row: number; keptRow: number }>;
  duplicatesTarget?: ReadonlyArray<{ row: number; keptRow: number }>;
}

export function matchTables(
  source: CanonicalTable,
  target: CanonicalTable,
  definition: Pick<RuleSetDefinition, "passes" | "severity" | "holidays">,
  options: MatchOptions = {},
): EngineResult {
  assertTable(source, "source");
  assertTable(target, "target");
  const calendar = createBusinessCalendar(definition.holidays);
  // Every pass is resolved against the tables before any row moves, so a rule set that cannot run fails whole.
  const plans = definition.passes.map((pass, index) => planPass(pass, index, source, target));
  const rowFields = rowFieldsOf(plans);
  const ledger = new OutcomeLedger(source, target, definition.severity);
  exclude(ledger, source, "source", options.excludedSource ?? [], rowFields);
  exclude(ledger, target, "target", options.excludedTarget ?? [], rowFields);
  raiseDuplicates(ledger, source, "source", options.duplicatesSource ?? [], rowFields);
  raiseDuplicates(ledger, target, "target", options.duplicatesTarget ?? [], rowFields);

  const input = { source, target, currencies: indexCurrencies(source, target), ledger };
  for (const plan of plans) runPass(plan, input, calendar);

  raiseLeftovers(ledger, source, "source", rowFields);
  raiseLeftovers(ledger, target, "target", rowFields);

  const passOrder = new Map<string, number>();
  definition.passes.forEach((pass, index) => {
    if (!passOrder.has(pass.name)) passOrder.set(pass.name, index);
  });
  const matchTable = ledger.matches.ordered(passOrder, source.rowCount);
  const exceptions = [...ledger.exceptions].sort(compareExceptions);
  const result = {
    exceptions,
    unmatchedSource: unmatchedRows(ledger.state.source),
    unmatchedTarget: unmatchedRows(ledger.state.target),
    summary: {
      source: summarizeSide(source, ledger.state.source),
      target: summarizeSide(target, ledger.state.target),
      matchesByPass: countMatchesByPass(definition.passes.map((pass) => pass.name), matchTable),
      exceptionsByType: countExceptionsByType(exceptions),
    },
  };
  return withMatches(result, matchTable);
}

/**
 * `matches` comes first among the result's keys, as it always has (JSON output is pinned by a golden file),
 * and is built only when read; `matchTable` is not enumerable.
 */
function withMatches(rest: Omit<EngineResult, "matches" | "matchTable">, matchTable: MatchTable): EngineResult {
  let matches: Match[] | undefined;
  const result = {} as EngineResult;
  Object.defineProperty(result, "matches", { enumerable: true, get: () => (matches ??= matchTable.toArray()) });
  Object.defineProperty(result, "matchTable", { enumerable: false, value: matchTable });
  return Object.assign(result, rest);
}

function assertTable(table: CanonicalTable, side: Side): void {
  const rows = table.rowCount;
  const lanes: Array<[string, { length: number }]> = [
    ["amountMinor", table.amountMinor],
    ["currency", table.currency],
    ["date", table.date],
    ["provenance.line", table.raw.provenance.line],
    ["provenance.sourceIndex", table.raw.provenance.sourceIndex],
    ...Object.entries(table.text),
    ...Object.entries(table.numbers),
  ];
  for (const [name, lane] of lanes) {
    if (lane.length !== rows) throw new MatchInputError(`${side} column "${name}" has ${lane.length} values for ${rows} rows`);
  }
}

function exclude(ledger: OutcomeLedger, table: CanonicalTable, side: Side, rows: readonly number[], rowFields: RowFields): void {
  const sorted = [...rows].sort((a, b) => a - b);
  for (const row of sorted) {
    if (!Number.isInteger(row) || row < 0 || row >= table.rowCount) {
      throw new MatchInputError(`excluded ${side} row ${row} is not a row of the ${side} table (${table.rowCount} rows)`);
    }
    if (ledger.state[side][row] === ROW_EXCLUDED) continue;
    ledger.addException(
      {
        type: "EXCLUDED",
        pass: null,
        sourceRows: side === "source" ? [row] : [],
        targetRows: side === "target" ? [row] : [],
        amountDifferenceMinor: null,
        currency: table.currency[row] ?? null,
        message: `${capitalize(side)} row ${provenanceOf(table, row)} is outside the ${side} scope filter and was not compared`,
        reason: () => describeLoneRow(table, side, row, rowFields, "excluded by scope; not compared"),
      },
      null,
      ROW_EXCLUDED,
    );
  }
}

/**
 * A duplicate leaves the pool before the first pass, so the kept row alone can
 * find its counterpart; the duplicate stays unmatched for a person to confirm.
 */
function raiseDuplicates(
  ledger: OutcomeLedger,
  table: CanonicalTable,
  side: Side,
  duplicates: ReadonlyArray<{ row: number; keptRow: number }>,
  rowFields: RowFields,
): void {
  for (const { row, keptRow } of duplicates) {
    for (const index of [row, keptRow]) {
      if (!Number.isInteger(index) || index < 0 || index >= table.rowCount) {
        throw new MatchInputError(`duplicate ${side} row ${index} is not a row of the ${side} table (${table.rowCount} rows)`);
      }
    }
    if (!ledger.isFree(side, row)) continue;
    const amount = table.amountMinor[row]!;
    ledger.addException(
      {
        type: "DUPLICATE",
        pass: null,
        sourceRows: side === "source" ? [row] : [],
        targetRows: side === "target" ? [row] : [],
        amountDifferenceMinor: null,
        currency: table.currency[row] ?? null,
        message: `${capitalize(side)} row ${provenanceOf(table, row)} repeats row ${provenanceOf(table, keptRow)}, which was kept for matching`,
        reason: () => describeLoneRow(table, side, row, rowFields, `duplicate of ${provenanceOf(table, keptRow)}`),
      },
      Number.isNaN(amount) ? null : amount,
    );
  }
}

/** One MISSING_* per row still in the pool after the last pass; the rows stay unmatched. */
function raiseLeftovers(ledger: OutcomeLedger, table: CanonicalTable, side: Side, rowFields: RowFields): void {
  const state = ledger.state[side];
  for (let row = 0; row < state.length; row++) {
    if (state[row] === ROW_FREE) raiseLeftover(ledger, table, side, row, rowFields);
  }
}

/**
 * One leftover's exception. Its own function, not the loop body: a closure
 * created in a loop over every row makes V8 allocate a context for each
 * iteration's `row`, matched or not (about 100 MB of garbage at 2M rows).
 */
function raiseLeftover(ledger: OutcomeLedger, table: CanonicalTable, side: Side, row: number, rowFields: RowFields): void {
  const other = side === "source" ? "target" : "source";
  const amount = table.amountMinor[row]!;
  const notes = ledger.notes[side].get(row);
  const reason = () => {
    const lone = describeLoneRow(table, side, row, rowFields, `no ${other} row matched`);
    if (notes) lone.push(...notes);
    return lone;
  };
  ledger.addException(
    {
      type: side === "source" ? "MISSING_IN_TARGET" : "MISSING_IN_SOURCE",
      pass: null,
      sourceRows: side === "source" ? [row] : [],
      targetRows: side === "target" ? [row] : [],
      amountDifferenceMinor: null,
      currency: table.currency[row] ?? null,
      message: `${capitalize(side)} row ${provenanceOf(table, row)} has no ${other} counterpart`,
      reason,
    },
    Number.isNaN(amount) ? null : amount,
    ROW_FREE,
  );
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function unmatchedRows(state: Uint8Array): number[] {
  const rows: number[] = [];
  for (let row = 0; row < state.length; row++) {
    if (state[row] !== ROW_MATCHED && state[row] !== ROW_EXCLUDED) rows.push(row);
  }
  return rows;
}

const TYPE_ORDER = new Map(EXCEPTION_TYPES.map((type, index) => [type, index]));

/** Type order, then smallest source row (exceptions with none last), then smallest target row. */
function compareExceptions(a: EngineException, b: EngineException): number {
  return (
    TYPE_ORDER.get(a.type)! - TYPE_ORDER.get(b.type)! ||
    (a.sourceRows[0] ?? Number.MAX_SAFE_INTEGER) - (b.sourceRows[0] ?? Number.MAX_SAFE_INTEGER) ||
    (a.targetRows[0] ?? Number.MAX_SAFE_INTEGER) - (b.targetRows[0] ?? Number.MAX_SAFE_INTEGER)
  );
}
