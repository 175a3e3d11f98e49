import { createBusinessCalendar } from "./business-days";
import { MatchInputError } from "./errors";
import { describeLoneRow, type RowFields, rowFieldsOf } from "./explain";
import { LONE_DUPLICATE, LONE_EXCLUDED, LONE_LEFTOVER, type LoneBuilder } from "./exception-log";
import { OutcomeLedger, ROW_EXCLUDED, ROW_FREE, ROW_MATCHED, ROW_RAISED } from "./outcomes";
import { runPass } from "./passes/run";
import { planPass } from "./plan";
import { countExceptionsByType, countMatchesByPass, summarizeSide } from "./summary";
import { indexCurrencies, provenanceOf } from "./units";
import type { RuleSetDefinition } from "../rule-set";
import type { CanonicalTable, EngineException, EngineResult, Match, MatchTable, Side } from "../types";

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
  exclude(ledger, source, "source", options.excludedSource ?? []);
  exclude(ledger, target, "target", options.excludedTarget ?? []);
  raiseDuplicates(ledger, source, "source", options.duplicatesSource ?? []);
  raiseDuplicates(ledger, target, "target", options.duplicatesTarget ?? []);

  const input = { source, target, currencies: indexCurrencies(source, target), ledger };
  for (const plan of plans) runPass(plan, input, calendar);

  raiseLeftovers(ledger, "source");
  raiseLeftovers(ledger, "target");

  const passOrder = new Map<string, number>();
  definition.passes.forEach((pass, index) => {
    if (!passOrder.has(pass.name)) passOrder.set(pass.name, index);
  });
  const matchTable = ledger.matches.ordered(passOrder, source.rowCount);
  const exceptionOrder = ledger.exceptions.ordered();
  const buildLone = loneExceptionBuilder(ledger, { source, target }, rowFields);
  const buildExceptions = () => Array.from(exceptionOrder, (entry) => ledger.exceptions.build(entry, buildLone));
  const rest = {
    unmatchedSource: unmatchedRows(ledger.state.source),
    unmatchedTarget: unmatchedRows(ledger.state.target),
    summary: {
      source: summarizeSide(source, ledger.state.source),
      target: summarizeSide(target, ledger.state.target),
      matchesByPass: countMatchesByPass(definition.passes.map((pass) => pass.name), matchTable),
      exceptionsByType: countExceptionsByType(ledger.exceptions),
    },
  };
  return withLazyLists(rest, matchTable, buildExceptions);
}

/**
 * `matches` and `exceptions` come first among the result's keys, as they always have (JSON output is
 * pinned by a golden file), and are built only when read; `matchTable` is not enumerable.
 */
function withLazyLists(rest: Omit<EngineResult, "matches" | "matchTable" | "exceptions">, matchTable: MatchTable, buildExceptions: () => EngineException[]): EngineResult {
  let matches: Match[] | undefined;
  let exceptions: EngineException[] | undefined;
  const result = {} as EngineResult;
  Object.defineProperty(result, "matches", { enumerable: true, get: () => (matches ??= matchTable.toArray()) });
  Object.defineProperty(result, "matchTable", { enumerable: false, value: matchTable });
  Object.defineProperty(result, "exceptions", {
    enumerable: true,
    get: () => (exceptions ??= buildExceptions()),
    set: (value: EngineException[]) => {
      exceptions = value;
    },
  });
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
    // The text lanes' names only: a lane held as bytes is checked on its bytes, without making its strings.
    ...Object.keys(table.text).map((name): [string, { length: number }] => [name, table.textBytes?.[name] ?? table.text[name]!]),
    ...Object.entries(table.numbers),
  ];
  for (const [name, lane] of lanes) {
    if (lane.length !== rows) throw new MatchInputError(`${side} column "${name}" has ${lane.length} values for ${rows} rows`);
  }
}

function exclude(ledger: OutcomeLedger, table: CanonicalTable, side: Side, rows: readonly number[]): void {
  const sorted = [...rows].sort((a, b) => a - b);
  for (const row of sorted) {
    if (!Number.isInteger(row) || row < 0 || row >= table.rowCount) {
      throw new MatchInputError(`excluded ${side} row ${row} is not a row of the ${side} table (${table.rowCount} rows)`);
    }
    if (ledger.state[side][row] === ROW_EXCLUDED) continue;
    ledger.addLoneException(LONE_EXCLUDED, side, row, -1, ROW_EXCLUDED);
  }
}

/**
 * A duplicate leaves the pool before the first pass, so the kept row alone can
 * find its counterpart; the duplicate stays unmatched for a person to confirm.
 */
function raiseDuplicates(ledger: OutcomeLedger, table: CanonicalTable, side: Side, duplicates: ReadonlyArray<{ row: number; keptRow: number }>): void {
  for (const { row, keptRow } of duplicates) {
    for (const index of [row, keptRow]) {
      if (!Number.isInteger(index) || index < 0 || index >= table.rowCount) {
        throw new MatchInputError(`duplicate ${side} row ${index} is not a row of the ${side} table (${table.rowCount} rows)`);
      }
    }
    if (!ledger.isFree(side, row)) continue;
    ledger.addLoneException(LONE_DUPLICATE, side, row, keptRow, ROW_RAISED);
  }
}

/** One MISSING_* per row still in the pool after the last pass; the rows stay unmatched. */
function raiseLeftovers(ledger: OutcomeLedger, side: Side): void {
  const state = ledger.state[side];
  for (let row = 0; row < state.length; row++) {
    if (state[row] === ROW_FREE) ledger.addLoneException(LONE_LEFTOVER, side, row, -1, ROW_FREE);
  }
}

/**
 * The exception object a one-row entry stands for (exception-log.ts), built
 * when the list is read, from tables and notes that no longer change.
 */
function loneExceptionBuilder(ledger: OutcomeLedger, tables: Record<Side, CanonicalTable>, rowFields: RowFields): LoneBuilder {
  return (kind, side, row, keptRow) => {
    const table = tables[side];
    const rows = { sourceRows: side === "source" ? [row] : [], targetRows: side === "target" ? [row] : [] };
    const currency = table.currency[row] ?? null;
    const amount = table.amountMinor[row]!;
    const knownAmount = Number.isNaN(amount) ? null : amount;
    const where = `${capitalize(side)} row ${provenanceOf(table, row)}`;
    if (kind === LONE_EXCLUDED) {
      const message = `${where} is outside the ${side} scope filter and was not compared`;
      const reason = () => describeLoneRow(table, side, row, rowFields, "excluded by scope; not compared");
      return ledger.buildException({ type: "EXCLUDED", pass: null, ...rows, amountDifferenceMinor: null, currency, message, reason }, null);
    }
    if (kind === LONE_DUPLICATE) {
      const message = `${where} repeats row ${provenanceOf(table, keptRow)}, which was kept for matching`;
      const reason = () => describeLoneRow(table, side, row, rowFields, `duplicate of ${provenanceOf(table, keptRow)}`);
      return ledger.buildException({ type: "DUPLICATE", pass: null, ...rows, amountDifferenceMinor: null, currency, message, reason }, knownAmount);
    }
    const other = side === "source" ? "target" : "source";
    const notes = ledger.notes[side].get(row);
    const reason = () => {
      const lone = describeLoneRow(table, side, row, rowFields, `no ${other} row matched`);
      if (notes) lone.push(...notes);
      return lone;
    };
    const type = side === "source" ? "MISSING_IN_TARGET" : "MISSING_IN_SOURCE";
    return ledger.buildException({ type, pass: null, ...rows, amountDifferenceMinor: null, currency, message: `${where} has no ${other} counterpart`, reason }, knownAmount);
  };
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
