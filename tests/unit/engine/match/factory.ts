import { dayNumberFromIso } from "~/core/engine/match/business-days";
import { type PassDefinition, passSchema, type RuleSetDefinition, ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { type CanonicalTable, type EngineResult, NULL_DATE } from "~/core/engine/types";

/**
 * Builders for matching tests: rows as plain objects in, CanonicalTables out;
 * passes and rule sets through the real zod schema so defaults are the ones
 * users get.
 */

export interface RowSpec {
  /** Integer minor units; null or absent = no amount. */
  amount?: number | null;
  currency?: string | null;
  /** YYYY-MM-DD; null or absent = no date. */
  date?: string | null;
  id?: string | null;
  reference?: string | null;
  counterparty?: string | null;
  description?: string | null;
  group?: string | null;
  /** Any other text field. */
  text?: Record<string, string | null>;
  numbers?: Record<string, number | null>;
  /** 1-based line in its file; defaults to index + 2 (after a header). */
  line?: number;
  file?: string;
}

const CANONICAL_TEXT = ["id", "reference", "counterparty", "description", "group"] as const;

/** `textFields` declares text columns no row mentions (e.g. for an empty table). */
export function table(rows: RowSpec[], defaultFile = "file.csv", textFields: string[] = []): CanonicalTable {
  const rowCount = rows.length;
  const textNames = new Set<string>(textFields);
  const numberNames = new Set<string>();
  for (const row of rows) {
    for (const name of CANONICAL_TEXT) if (row[name] !== undefined) textNames.add(name);
    for (const name of Object.keys(row.text ?? {})) textNames.add(name);
    for (const name of Object.keys(row.numbers ?? {})) numberNames.add(name);
  }
  const text: Record<string, Array<string | null>> = {};
  for (const name of textNames) {
    text[name] = rows.map((row) => (CANONICAL_TEXT as readonly string[]).includes(name) ? (row[name as (typeof CANONICAL_TEXT)[number]] ?? null) : (row.text?.[name] ?? null));
  }
  const numbers: Record<string, Float64Array> = {};
  for (const name of numberNames) numbers[name] = Float64Array.from(rows, (row) => row.numbers?.[name] ?? Number.NaN);

  const sourceIds: string[] = [];
  const sourceIndex = new Uint32Array(rowCount);
  const line = new Uint32Array(rowCount);
  rows.forEach((row, index) => {
    const file = row.file ?? defaultFile;
    let id = sourceIds.indexOf(file);
    if (id < 0) {
      id = sourceIds.length;
      sourceIds.push(file);
    }
    sourceIndex[index] = id;
    line[index] = row.line ?? index + 2;
  });

  return {
    rowCount,
    raw: { columns: [], cells: [], rowCount, provenance: { sourceIds, sourceIndex, line } },
    amountMinor: Float64Array.from(rows, (row) => row.amount ?? Number.NaN),
    currency: rows.map((row) => (row.currency === undefined ? "USD" : row.currency)),
    date: Int32Array.from(rows, (row) => (row.date ? dayNumberFromIso(row.date) : NULL_DATE)),
    text,
    numbers,
  };
}

export const sourceTable = (rows: RowSpec[], textFields: string[] = []): CanonicalTable => table(rows, "source.csv", textFields);
export const targetTable = (rows: RowSpec[], textFields: string[] = []): CanonicalTable => table(rows, "target.csv", textFields);

export type PassInput = Parameters<typeof passSchema.parse>[0];

export function pass(input: PassInput): PassDefinition {
  return passSchema.parse(input);
}

export type Definition = Pick<RuleSetDefinition, "passes" | "severity" | "holidays">;

export function rules(passes: PassInput[], extra: { severity?: unknown; holidays?: string[] } = {}): Definition {
  const parsed = ruleSetDefinitionSchema.parse({
    source: { mappings: [{ field: "id", column: "id" }] },
    target: { mappings: [{ field: "id", column: "id" }] },
    passes,
    severity: extra.severity,
    holidays: extra.holidays,
  });
  return { passes: parsed.passes, severity: parsed.severity, holidays: parsed.holidays };
}

/** Permutes rows deterministically (a fixed LCG), returning the new order as old indexes. */
export function shuffledOrder(count: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, index) => index);
  let state = seed >>> 0;
  for (let i = count - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/**
 * A result restated by provenance ("file:line") instead of row index, sorted,
 * so runs over differently ordered inputs can be compared.
 */
export function canonicalOutcome(result: EngineResult, source: CanonicalTable, target: CanonicalTable) {
  const label = (t: CanonicalTable, row: number) => `${t.raw.provenance.sourceIds[t.raw.provenance.sourceIndex[row]!]}:${t.raw.provenance.line[row]}`;
  const rows = (t: CanonicalTable, list: number[]) => list.map((row) => label(t, row)).sort();
  const matches = result.matches
    .map((match) => `${match.pass}|${match.cardinality}|${rows(source, match.sourceRows).join(",")}|${rows(target, match.targetRows).join(",")}|${match.score}`)
    .sort();
  const exceptions = result.exceptions
    .map((exception) => `${exception.type}|${exception.pass}|${exception.severity}|${rows(source, exception.sourceRows).join(",")}|${rows(target, exception.targetRows).join(",")}|${exception.amountDifferenceMinor}`)
    .sort();
  return {
    matches,
    exceptions,
    unmatchedSource: rows(source, result.unmatchedSource),
    unmatchedTarget: rows(target, result.unmatchedTarget),
    summary: result.summary,
  };
}

/** Compact view for exact assertions: [type, sourceRows, targetRows]. */
export function exceptionRows(result: EngineResult) {
  return result.exceptions.map((exception) => [exception.type, exception.sourceRows, exception.targetRows]);
}

export function matchRows(result: EngineResult) {
  return result.matches.map((match) => [match.pass, match.sourceRows, match.targetRows]);
}
