import { bucketize, NO_KEY, TupleDictionary } from "./keys";
import { type CanonicalTable, NULL_DATE, type Side } from "../types";

/**
 * A pass compares units: single rows (1:1, and the "1" of 1:N / N:1) or
 * groups of rows (the "N" side). Every unit carries the values a comparison
 * needs in typed lanes, so pair checks never build per-row objects. For
 * single rows the lanes are the table's own columns, shared without copying,
 * and unit index = row index.
 */

/** The rows of a unit carry no comparable amount: one is missing (sum), they disagree (value), or the sum is not a safe integer. */
export const AMOUNT_OK = 0;
export const AMOUNT_MISSING = 1;
export const AMOUNT_CONFLICT = 2;
export const AMOUNT_UNSAFE = 3;

/** Currency ids: index into CurrencyIndex.codes; a group whose rows disagree gets CURRENCY_MIXED. */
export const CURRENCY_MIXED = -2;

export interface CurrencyIndex {
  /** id → ISO code; id 0 is "no currency" (null), which equals only itself. */
  codes: Array<string | null>;
  source: Int32Array;
  target: Int32Array;
}

export function indexCurrencies(source: CanonicalTable, target: CanonicalTable): CurrencyIndex {
  const codes: Array<string | null> = [null];
  const ids = new Map<string, number>();
  const lane = (table: CanonicalTable): Int32Array => {
    const out = new Int32Array(table.rowCount);
    for (let row = 0; row < table.rowCount; row++) {
      const code = table.currency[row] ?? null;
      if (code === null) continue;
      let id = ids.get(code);
      if (id === undefined) {
        id = codes.length;
        codes.push(code);
        ids.set(code, id);
      }
      out[row] = id;
    }
    return out;
  };
  return { codes, source: lane(source), target: lane(target) };
}

export interface UnitSide {
  side: Side;
  table: CanonicalTable;
  currencyCodes: ReadonlyArray<string | null>;
  /** Size of the unit index space (rowCount for single rows). */
  count: number;
  /** Members of grouped units: rows memberRows[memberStart[u] .. memberStart[u+1]), ascending. Null for single rows. */
  memberStart: Int32Array | null;
  memberRows: Int32Array | null;
  /** Amount compared (value or group sum), integer minor units; NaN when amountIssue says why. */
  amount: Float64Array;
  amountIssue: Uint8Array | null;
  /** Earliest and latest member date; NULL_DATE in both when any member lacks a date. */
  dateMin: Int32Array;
  dateMax: Int32Array;
  currency: Int32Array;
  /** Key tuple id per unit (NO_KEY when absent or, for a group, not shared by all its rows). */
  keyId: Int32Array;
  /** The units taking part in this pass. */
  active: Int32Array;
  /** Raw text compared by a fuzzy pass, per unit. */
  fuzzyText: ((unit: number) => string | null) | null;
}

export function unitRows(side: UnitSide, unit: number): number[] {
  if (side.memberStart === null) return [unit];
  return Array.from(side.memberRows!.subarray(side.memberStart[unit]!, side.memberStart[unit + 1]!));
}

export function unitSize(side: UnitSide, unit: number): number {
  return side.memberStart === null ? 1 : side.memberStart[unit + 1]! - side.memberStart[unit]!;
}

export function firstRow(side: UnitSide, unit: number): number {
  return side.memberStart === null ? unit : side.memberRows![side.memberStart[unit]!]!;
}

export function provenanceOf(table: CanonicalTable, row: number): string {
  const { sourceIds, sourceIndex, line } = table.raw.provenance;
  return `${sourceIds[sourceIndex[row]!] ?? "?"}:${line[row]!}`;
}

/** Where a unit came from, for messages: "orders.csv:12", or "orders.csv:12 +3 rows" for a group. */
export function unitLabel(side: UnitSide, unit: number): string {
  const anchor = anchorRow(side, unit);
  const size = unitSize(side, unit);
  const label = provenanceOf(side.table, anchor);
  return size === 1 ? label : `${label} +${size - 1} row${size === 2 ? "" : "s"}`;
}

/** Rows in provenance order: line, then source id, then row index (the last only for identical provenance). */
export function compareRowsByProvenance(table: CanonicalTable, a: number, b: number): number {
  const { sourceIds, sourceIndex, line } = table.raw.provenance;
  const byLine = line[a]! - line[b]!;
  if (byLine !== 0) return byLine;
  const idA = sourceIds[sourceIndex[a]!] ?? "";
  const idB = sourceIds[sourceIndex[b]!] ?? "";
  if (idA !== idB) return idA < idB ? -1 : 1;
  return a - b;
}

/** The member that stands for a group in orderings and messages: the first by provenance. */
export function anchorRow(side: UnitSide, unit: number): number {
  if (side.memberStart === null) return unit;
  let best = side.memberRows![side.memberStart[unit]!]!;
  for (let i = side.memberStart[unit]! + 1; i < side.memberStart[unit + 1]!; i++) {
    const row = side.memberRows![i]!;
    if (compareRowsByProvenance(side.table, row, best) < 0) best = row;
  }
  return best;
}

/**
 * The canonical order of units on one side: earliest date first (no date
 * last), then provenance. This is the order "keep the earliest" uses, and the
 * order messages list candidates in, so neither depends on input row order.
 */
export function compareUnits(side: UnitSide, a: number, b: number): number {
  const dateA = side.dateMin[a]!;
  const dateB = side.dateMin[b]!;
  if (dateA !== dateB) {
    if (dateA === NULL_DATE) return 1;
    if (dateB === NULL_DATE) return -1;
    return dateA - dateB;
  }
  return compareRowsByProvenance(side.table, anchorRow(side, a), anchorRow(side, b));
}

export interface SingleUnitInput {
  side: Side;
  table: CanonicalTable;
  currencyCodes: ReadonlyArray<string | null>;
  currency: Int32Array;
  amounts: Float64Array;
  dates: Int32Array;
  keyIds: Int32Array;
  rows: Int32Array;
  fuzzyValues: ReadonlyArray<string | null> | null;
}

export function singleUnits(input: SingleUnitInput): UnitSide {
  const fuzzyValues = input.fuzzyValues;
  return {
    side: input.side,
    table: input.table,
    currencyCodes: input.currencyCodes,
    count: input.table.rowCount,
    memberStart: null,
    memberRows: null,
    amount: input.amounts,
    amountIssue: null,
    dateMin: input.dates,
    dateMax: input.dates,
    currency: input.currency,
    keyId: input.keyIds,
    active: input.rows,
    fuzzyText: fuzzyValues ? (unit) => fuzzyValues[unit] ?? null : null,
  };
}

export interface GroupUnitInput extends SingleUnitInput {
  groupColumns: ReadonlyArray<ReadonlyArray<string | null>>;
  aggregate: "value" | "sum";
}

/**
 * Groups the listed rows by their group-by tuple. Rows whose tuple has an
 * empty part belong to no group and sit this pass out: an absent group id
 * must not lump unrelated rows together.
 */
export function groupUnits(input: GroupUnitInput): UnitSide {
  const { table, rows } = input;
  const dictionary = new TupleDictionary(input.groupColumns.length, rows.length);
  const groupOf = dictionary.idsFor(input.groupColumns, rows, table.rowCount, true);
  const buckets = bucketize(groupOf, dictionary.size, rows);

  // Multi-field dictionaries hand out ids to partial tuples too; drop their empty buckets.
  let count = 0;
  for (let bucket = 0; bucket < dictionary.size; bucket++) {
    if (buckets.start[bucket + 1]! > buckets.start[bucket]!) count++;
  }
  const memberStart = new Int32Array(count + 1);
  const amount = new Float64Array(count);
  const amountIssue = new Uint8Array(count);
  const dateMin = new Int32Array(count);
  const dateMax = new Int32Array(count);
  const currency = new Int32Array(count);
  const keyId = new Int32Array(count);
  let unit = 0;
  for (let bucket = 0; bucket < dictionary.size; bucket++) {
    const from = buckets.start[bucket]!;
    const to = buckets.start[bucket + 1]!;
    if (to === from) continue;
    // Non-empty buckets are contiguous in items, so a unit's members are its bucket's range.
    memberStart[unit] = from;
    memberStart[unit + 1] = to;
    summarizeGroup(input, buckets.items, from, to, unit, { amount, amountIssue, dateMin, dateMax, currency, keyId });
    unit++;
  }
  const memberRows = buckets.items;

  const fuzzyValues = input.fuzzyValues;
  const side: UnitSide = {
    side: input.side,
    table,
    currencyCodes: input.currencyCodes,
    count,
    memberStart,
    memberRows,
    amount,
    amountIssue,
    dateMin,
    dateMax,
    currency,
    keyId,
    active: Int32Array.from({ length: count }, (_, index) => index),
    fuzzyText: null,
  };
  if (fuzzyValues) side.fuzzyText = (groupUnit) => groupText(fuzzyValues, unitRows(side, groupUnit));
  return side;
}

interface GroupLanes {
  amount: Float64Array;
  amountIssue: Uint8Array;
  dateMin: Int32Array;
  dateMax: Int32Array;
  currency: Int32Array;
  keyId: Int32Array;
}

function summarizeGroup(input: GroupUnitInput, items: Int32Array, from: number, to: number, unit: number, lanes: GroupLanes): void {
  let sum = 0;
  let value = Number.NaN;
  let issue = AMOUNT_OK;
  let minDate = Number.POSITIVE_INFINITY;
  let maxDate = Number.NEGATIVE_INFINITY;
  let missingDate = false;
  const firstMember = items[from]!;
  let currency = input.currency[firstMember]!;
  let key = input.keyIds[firstMember]!;
  for (let i = from; i < to; i++) {
    const row = items[i]!;
    const rowAmount = input.amounts[row]!;
    if (input.aggregate === "sum") {
      // A group sum with a missing member is unknown, not the sum of the rest.
      if (Number.isNaN(rowAmount)) issue = AMOUNT_MISSING;
      else {
        sum += rowAmount;
        // Past 2^53 the running sum is no longer exact; a wrong total must not be compared.
        if (!Number.isSafeInteger(sum) && issue === AMOUNT_OK) issue = AMOUNT_UNSAFE;
      }
    } else if (!Number.isNaN(rowAmount)) {
      // "value": the one amount the group's rows carry (settlement reports often
      // put the total on the first row only); rows without an amount are ignored.
      if (Number.isNaN(value)) value = rowAmount;
      else if (value !== rowAmount) issue = AMOUNT_CONFLICT;
    }
    const date = input.dates[row]!;
    if (date === NULL_DATE) missingDate = true;
    else {
      minDate = Math.min(minDate, date);
      maxDate = Math.max(maxDate, date);
    }
    if (input.currency[row] !== currency) currency = CURRENCY_MIXED;
    if (input.keyIds[row] !== key) key = NO_KEY;
  }
  if (input.aggregate === "value" && issue === AMOUNT_OK && Number.isNaN(value)) issue = AMOUNT_MISSING;
  lanes.amount[unit] = issue !== AMOUNT_OK ? Number.NaN : input.aggregate === "sum" ? sum : value;
  lanes.amountIssue[unit] = issue;
  lanes.dateMin[unit] = missingDate ? NULL_DATE : minDate;
  lanes.dateMax[unit] = missingDate ? NULL_DATE : maxDate;
  lanes.currency[unit] = currency;
  lanes.keyId[unit] = key;
}

/** A group's text: its distinct values, sorted so input row order cannot change a similarity. */
function groupText(values: ReadonlyArray<string | null>, rows: number[]): string | null {
  const distinct = new Set<string>();
  for (const row of rows) {
    const value = values[row];
    if (value) distinct.add(value);
  }
  if (distinct.size === 0) return null;
  return [...distinct].sort().join(" ");
}
