import type { z } from "zod";
import { minorUnitsOf } from "../match/money";
import { compileAmountParser } from "~/core/values/amounts";
import { compileDayParser } from "~/core/values/dates";
import { isFailure, type TransformFailure } from "~/core/values/transform-failure";
import { ruleSetDefinitionSchema, type Transform } from "../rule-set";
import type { RawTable } from "../types";
import { CONCEPTS, TEXT_CONCEPTS, isSecondaryAmountName, readColumnName, sharedNameTokens, type Concept, type NameReading } from "./column-names";
import { bestOverlap, uniqueness, valuesUnderEachNormalization, type ColumnOverlap, type ColumnValues } from "./key-overlap";

/**
 * A first rule set for two files, proposed from what is known offline: the
 * column names, the profiled column types (amount separators, date
 * patterns) and how much the sampled values of candidate key columns
 * overlap. Every proposal carries a confidence in [0, 1] and a `because`
 * that a person can check. Pure and deterministic: the same profiles and
 * samples always give the same suggestion.
 */

export { CONCEPTS, columnTokens, readColumnName, type Concept } from "./column-names";
export { KEY_NORMALIZATIONS, bestOverlap, jaccard } from "./key-overlap";

export type SuggestColumnType = "string" | "integer" | "amount" | "date" | "datetime" | "boolean" | "currency" | "empty";

/** A profiled column (structurally the ingest ColumnProfile; the engine does not depend on ingest). */
export interface SuggestColumn {
  name: string;
  type: SuggestColumnType;
  amount?: {
    decimalSeparator: "." | ",";
    thousandsSeparator: "" | "," | "." | " " | "'";
    negative: "minus" | "parentheses" | "trailingMinus" | "crdr";
    currencySymbol?: string;
  };
  date?: { pattern: string; timeZone?: string };
}

export interface SuggestSideInput {
  columns: readonly SuggestColumn[];
  /**
   * The first rows of the file. It may leave columns out; a column without
   * sampled cells is judged by its name and profile alone, and its parse
   * rate is not checked.
   */
  sample: RawTable;
}

export interface SuggestInput {
  source: SuggestSideInput;
  target: SuggestSideInput;
}

export type RuleSetDefinitionInput = z.input<typeof ruleSetDefinitionSchema>;
type PassInput = RuleSetDefinitionInput["passes"][number];

export interface SuggestedMapping {
  field: string;
  column: string;
  transforms: Transform[];
  confidence: number;
  because: string;
}

export interface UnmappedColumn {
  column: string;
  because: string;
}

export interface SideSuggestion {
  mappings: SuggestedMapping[];
  unmapped: UnmappedColumn[];
}

export interface KeyCandidate {
  source: string;
  target: string;
  confidence: number;
  /** Jaccard of the distinct sampled values, after `transforms`. */
  jaccard: number;
  /** Distinct sampled values both columns hold. */
  sharedValues: number;
  transforms: Transform[];
  because: string;
}

export interface PassSuggestion {
  pass: PassInput;
  confidence: number;
  because: string;
}

export interface RuleSetSuggestion {
  source: SideSuggestion;
  target: SideSuggestion;
  /** The best key pairs, best first (at most KEY_CANDIDATES_SHOWN); the first is the first pass's key. */
  keyCandidates: KeyCandidate[];
  firstPass: PassSuggestion;
  /** The mappings and the first pass assembled; valid for ruleSetDefinitionSchema. */
  definition: RuleSetDefinitionInput;
}

export const KEY_CANDIDATES_SHOWN = 5;
/** Below this a column-to-field reading is noise, not a suggestion. */
const MIN_MAPPING_CONFIDENCE = 0.3;
/** How much of a key's name makes it key-like: identifiers first, free text last. */
const KEY_PRIOR: Partial<Record<Concept, number>> = { id: 1, reference: 0.9, email: 0.6, counterparty: 0.3, description: 0.2 };
const UNNAMED_KEY_PRIOR = 0.3;
const KEY_TYPES: ReadonlySet<SuggestColumnType> = new Set(["string", "integer"]);
/** The first pass's tolerances: one minor unit absorbs rounding; two days cover a payment settling after its order. */
const AMOUNT_TOLERANCE_MINOR = 1;
const DATE_WINDOW_DAYS = 2;

const ORDER_NUMBER = /^#?\d+$/;
const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const CURRENCY_CODE = /^[A-Za-z]{3}$/;
/** Share of sampled values that must have a shape before the shape counts as evidence. */
const SHAPE_SHARE = 0.9;

type SideName = "source" | "target";

interface ParseRate {
  /** Non-blank sampled cells. */
  present: number;
  failed: number;
  /** The first value that did not parse, and why. */
  example: { value: string; message: string } | null;
}

interface ColumnFacts {
  column: SuggestColumn;
  index: number;
  /** Sampled cells; empty when the column was not sampled. */
  cells: ReadonlyArray<string | null>;
  readings: NameReading[];
  emailShaped: boolean;
  /** A date column: the parseDate format that reads the most sampled values. */
  dateFormat?: { format: string; timeZone: string; rate: ParseRate };
  /** Why no parseDate format reads a date column, when none does. */
  unreadableDate?: string;
}

/**
 * Ingest's "iso" also reads "2026-01-22 05:24:08 -0500" (Shopify), which the
 * engine's "iso" does not; these spell such values out in parseDate tokens.
 */
const DATE_FORMAT_FALLBACKS = ["yyyy-MM-dd HH:mm:ss xx", "yyyy-MM-dd HH:mm:ssxx", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

interface Candidate {
  facts: ColumnFacts;
  concept: Concept;
  confidence: number;
  because: string;
  /** The key column, which takes its field before any other column. */
  isKey?: boolean;
}

interface SideState {
  name: SideName;
  facts: ColumnFacts[];
  candidates: Candidate[];
  /** ISO code the side's amounts are in, when the sample shows one. */
  currency: string | null;
  currencyNote: string | null;
}

export function suggestRuleSet(input: SuggestInput): RuleSetSuggestion {
  const source = describeSide("source", input.source);
  const target = describeSide("target", input.target);
  if (source.facts.length === 0 || target.facts.length === 0) throw new Error("both files need at least one column");
  // A file without a currency column of its own is most likely in the other file's currency.
  source.currency ??= target.currency;
  target.currency ??= source.currency;

  const keyCandidates = rankKeyPairs(source, target);
  const key = keyCandidates[0] ?? null;
  const sourceKey = key ? source.facts.find((facts) => facts.column.name === key.source)! : null;
  const targetKey = key ? target.facts.find((facts) => facts.column.name === key.target)! : null;

  const sourceSide = assignMappings(source, sourceKey, key);
  const targetSide = assignMappings(target, targetKey, key);
  keepCurrencyOnBothSidesOrNeither(sourceSide, targetSide);

  const firstPass = proposeFirstPass(sourceSide, targetSide, key);
  const definition: RuleSetDefinitionInput = {
    source: { mappings: sourceSide.mappings.map(toFieldMapping) },
    target: { mappings: targetSide.mappings.map(toFieldMapping) },
    passes: [firstPass.pass],
  };
  const checked = ruleSetDefinitionSchema.safeParse(definition);
  if (!checked.success) throw new Error(`suggested definition is invalid: ${checked.error.message}`);
  return {
    source: sideSuggestion(sourceSide),
    target: sideSuggestion(targetSide),
    keyCandidates: keyCandidates.slice(0, KEY_CANDIDATES_SHOWN).map(({ facts: _facts, ...candidate }) => candidate),
    firstPass,
    definition,
  };
}

// ---------------------------------------------------------------------------
// Reading the columns

function describeSide(name: SideName, side: SuggestSideInput): SideState {
  const cellsByName = new Map<string, ReadonlyArray<string | null>>();
  side.sample.columns.forEach((column, index) => {
    if (!cellsByName.has(column)) cellsByName.set(column, side.sample.cells[index] ?? []);
  });
  const facts = side.columns.map((column, index) => describeColumn(column, index, cellsByName.get(column.name) ?? []));
  const candidates = facts.flatMap(candidatesFor);
  candidates.sort(byConfidence);
  const currency = sideCurrency(facts);
  return { name, facts, candidates, currency: currency.code, currencyNote: currency.note };
}

function describeColumn(column: SuggestColumn, index: number, cells: ReadonlyArray<string | null>): ColumnFacts {
  let readings = readColumnName(column.name);
  // Shopify's order export names the order number ("#1001") "Name".
  if (readings.length === 1 && readings[0]!.tokens.join() === "name" && shareMatching(cells, ORDER_NUMBER) >= SHAPE_SHARE) {
    readings = [{ concept: "id", score: 0.9, tokens: ["name"] }];
  }
  const facts: ColumnFacts = { column, index, cells, readings, emailShaped: column.type === "string" && shareMatching(cells, EMAIL_ADDRESS) >= SHAPE_SHARE };
  if (column.type === "date" || column.type === "datetime") chooseDateFormat(facts);
  return facts;
}

/** The profiled pattern if parseDate reads every sampled value with it, else the fallback that reads the most. */
function chooseDateFormat(facts: ColumnFacts): void {
  const timeZone = facts.column.date?.timeZone ?? "UTC";
  const profiled = facts.column.date?.pattern ?? "iso";
  let firstProblem: string | null = null;
  for (const format of [profiled, ...DATE_FORMAT_FALLBACKS.filter((fallback) => fallback !== profiled)]) {
    const parser = compileDayParser(format, timeZone);
    if (typeof parser === "string") {
      firstProblem ??= parser;
      continue;
    }
    const rate = parseRate(facts.cells, parser);
    if (!facts.dateFormat || rate.failed < facts.dateFormat.rate.failed) facts.dateFormat = { format, timeZone, rate };
    if (rate.failed === 0) return;
  }
  const chosen = facts.dateFormat;
  if (chosen && (chosen.rate.present === 0 || chosen.rate.failed < chosen.rate.present)) return;
  delete facts.dateFormat;
  facts.unreadableDate = firstProblem ?? `parseDate reads none of the sampled values, e.g. "${chosen?.rate.example?.value}"`;
}

function parseRate(cells: ReadonlyArray<string | null>, parse: (text: string) => number | null | TransformFailure): ParseRate {
  const rate: ParseRate = { present: 0, failed: 0, example: null };
  for (const cell of cells) {
    if (cell === null || cell.trim() === "") continue;
    rate.present++;
    const result = parse(cell);
    if (!isFailure(result)) continue;
    rate.failed++;
    rate.example ??= { value: cell, message: result.message };
  }
  return rate;
}

function parsedShare(rate: ParseRate): number {
  return rate.present === 0 ? 1 : (rate.present - rate.failed) / rate.present;
}

function describeFailures(rate: ParseRate, transform: string): string | null {
  if (rate.failed === 0 || !rate.example) return null;
  return `${transform} fails on ${rate.failed} of ${rate.present} sampled values, e.g. "${rate.example.value}" (${rate.example.message})`;
}

/** Share of the non-blank sampled values that match; 0 when there are none. */
function shareMatching(cells: ReadonlyArray<string | null>, pattern: RegExp): number {
  let present = 0;
  let matching = 0;
  for (const cell of cells) {
    const value = cell?.trim();
    if (!value) continue;
    present++;
    if (pattern.test(value)) matching++;
  }
  return present === 0 ? 0 : matching / present;
}

interface TypeFit {
  /** Multiplies a name reading: 1 when the type agrees, less when it only tolerates the concept, 0 when it rules it out. */
  withName: number;
  /** Confidence from the type or the values alone, for a header that says nothing. */
  alone: number;
  evidence: string | null;
}

function typeFit(concept: Concept, facts: ColumnFacts): TypeFit {
  const { column } = facts;
  switch (concept) {
    case "amount":
      if (column.type === "amount") return { withName: 1, alone: 0.55, evidence: describeAmountProfile(column) };
      if (column.type === "integer") return { withName: 0.85, alone: 0, evidence: "profiled as whole numbers" };
      if (column.type === "string") return { withName: 0.35, alone: 0, evidence: "but profiled as text, so some values may not parse" };
      return { withName: 0, alone: 0, evidence: null };
    case "date": {
      const chosen = facts.dateFormat;
      if (!chosen) return { withName: 0, alone: 0, evidence: null };
      const profiled = column.date?.pattern ?? "iso";
      const evidence = [`profiled as ${column.type === "date" ? "dates" : "date-times"} in the pattern "${profiled}"`];
      if (chosen.format !== profiled) evidence.push(`parseDate reads them as "${chosen.format}", which the engine's "${profiled}" does not fully cover`);
      const failures = describeFailures(chosen.rate, "parseDate");
      if (failures) evidence.push(failures);
      const share = parsedShare(chosen.rate);
      return { withName: share, alone: 0.5 * share, evidence: evidence.join("; ") };
    }
    case "currency":
      if (column.type === "currency") return { withName: 1, alone: 0.75, evidence: "profiled as ISO 4217 currency codes" };
      if (column.type === "string") {
        const codes = shareMatching(facts.cells, CURRENCY_CODE) >= SHAPE_SHARE;
        return { withName: codes ? 0.9 : 0.5, alone: 0, evidence: codes ? "its values are three-letter codes" : "but its values are not all three-letter codes" };
      }
      return { withName: 0, alone: 0, evidence: null };
    case "email":
      if (column.type !== "string") return { withName: 0, alone: 0, evidence: null };
      return { withName: 1, alone: facts.emailShaped ? 0.75 : 0, evidence: facts.emailShaped ? "the sampled values are email addresses" : null };
    case "id":
    case "reference":
      if (KEY_TYPES.has(column.type)) return { withName: 1, alone: 0, evidence: null };
      if (column.type === "amount") return { withName: 0.3, alone: 0, evidence: "but profiled as amounts" };
      return { withName: 0, alone: 0, evidence: null };
    case "counterparty":
    case "description":
      return column.type === "string" ? { withName: 1, alone: 0, evidence: null } : { withName: 0, alone: 0, evidence: null };
  }
}

function candidatesFor(facts: ColumnFacts): Candidate[] {
  const candidates: Candidate[] = [];
  for (const concept of CONCEPTS) {
    const fit = typeFit(concept, facts);
    const reading = facts.readings.find((candidate) => candidate.concept === concept);
    // An amount header like "Balance" or "Fee" that names no concept is still not the record's amount.
    const secondary = concept === "amount" && isSecondaryAmountName(facts.column.name);
    const confidence = reading ? reading.score * fit.withName : secondary ? 0 : fit.alone;
    if (confidence < MIN_MAPPING_CONFIDENCE) continue;
    const reasons: string[] = [];
    if (reading) reasons.push(`the name reads as ${concept} (${reading.tokens.map((token) => `"${token}"`).join(", ")})`);
    if (reading?.concept === "id" && reading.tokens.join() === "name") reasons.push('its values look like Shopify order names ("#1001")');
    if (fit.evidence) reasons.push(fit.evidence);
    candidates.push({ facts, concept, confidence: round2(confidence), because: reasons.join("; ") });
  }
  return candidates;
}

function byConfidence(a: Candidate, b: Candidate): number {
  return b.confidence - a.confidence || a.facts.index - b.facts.index || CONCEPTS.indexOf(a.concept) - CONCEPTS.indexOf(b.concept);
}

function describeAmountProfile(column: SuggestColumn): string {
  const amount = column.amount;
  if (!amount) return "profiled as amounts";
  const thousands = amount.thousandsSeparator === "" ? "no thousands separator" : `thousands "${amount.thousandsSeparator}"`;
  return `profiled as amounts (decimal "${amount.decimalSeparator}", ${thousands}, negatives: ${amount.negative})`;
}

/** The amounts' currency: a code written with them, else the dominant code of a currency column. */
function sideCurrency(facts: ColumnFacts[]): { code: string | null; note: string | null } {
  for (const { column } of facts) {
    const symbol = column.amount?.currencySymbol;
    if (column.type === "amount" && symbol && /^[A-Z]{3}$/.test(symbol)) return { code: symbol, note: null };
  }
  const counts = new Map<string, number>();
  for (const { column, cells } of facts) {
    if (column.type !== "currency" && !readColumnName(column.name).some((reading) => reading.concept === "currency")) continue;
    for (const cell of cells) {
      const code = cell?.trim().toUpperCase();
      if (code && /^[A-Z]{3}$/.test(code)) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (ranked.length === 0) return { code: null, note: null };
  const exponents = new Set(ranked.map(([code]) => minorUnitsOf(code)));
  const note =
    exponents.size > 1
      ? `the sample mixes currencies with different minor units (${ranked.map(([code]) => code).join(", ")}); parseAmount uses one, so split the rule set per currency or scale with an expression`
      : null;
  return { code: ranked[0]![0], note };
}

// ---------------------------------------------------------------------------
// The key pair

interface RankedKey extends KeyCandidate {
  facts: { source: ColumnFacts; target: ColumnFacts };
}

function keyLikeness(facts: ColumnFacts): { prior: number; concept: Concept | null } {
  let best: { prior: number; concept: Concept | null } = { prior: UNNAMED_KEY_PRIOR, concept: null };
  for (const reading of facts.readings) {
    const prior = (KEY_PRIOR[reading.concept] ?? 0) * reading.score;
    if (prior > best.prior) best = { prior, concept: reading.concept };
  }
  return best;
}

/**
 * Pairs of text or integer columns that share sampled values, scored by
 * overlap (Jaccard J), how key-like both names are (N) and how unique the
 * values are on each side (U, the product of both sides' distinct-per-cell
 * ratios): (0.7·J + 0.3·N)·U. A status column shares all its values with the
 * other file's, but repeats them on both sides, so U sinks it.
 */
function rankKeyPairs(source: SideState, target: SideState): RankedKey[] {
  const eligible = (side: SideState) => side.facts.filter((facts) => KEY_TYPES.has(facts.column.type) && facts.cells.length > 0);
  const sourceColumns = eligible(source).map((facts) => ({ facts, values: valuesUnderEachNormalization(facts.cells) }));
  const targetColumns = eligible(target).map((facts) => ({ facts, values: valuesUnderEachNormalization(facts.cells) }));
  const ranked: RankedKey[] = [];
  for (const sourceColumn of sourceColumns) {
    for (const targetColumn of targetColumns) {
      const overlap = bestOverlap(sourceColumn.values, targetColumn.values);
      if (overlap.shared === 0) continue;
      ranked.push(scoreKeyPair(sourceColumn.facts, targetColumn.facts, overlap));
    }
  }
  ranked.sort(
    (a, b) => b.confidence - a.confidence || b.jaccard - a.jaccard || a.facts.source.index - b.facts.source.index || a.facts.target.index - b.facts.target.index,
  );
  return ranked;
}

function scoreKeyPair(sourceFacts: ColumnFacts, targetFacts: ColumnFacts, overlap: ColumnOverlap): RankedKey {
  const sourceName = keyLikeness(sourceFacts);
  const targetName = keyLikeness(targetFacts);
  const shared = sharedNameTokens(sourceFacts.column.name, targetFacts.column.name);
  const nameScore = Math.min(1, (sourceName.prior + targetName.prior) / 2 + (shared.length > 0 ? 0.1 : 0));
  const unique = uniqueness(overlap.source) * uniqueness(overlap.target);
  const confidence = (0.7 * overlap.jaccard + 0.3 * nameScore) * unique;

  const reasons = [
    `${quote(sourceFacts.column.name)} and ${quote(targetFacts.column.name)} share ${overlap.shared} of ${overlap.source.distinct.size + overlap.target.distinct.size - overlap.shared} distinct sampled values ` +
      `(Jaccard ${overlap.jaccard.toFixed(2)}, ${overlap.normalization.label})`,
    describeUniqueness(overlap.source, overlap.target),
    `the names read as ${sourceName.concept ?? "nothing in particular"} and ${targetName.concept ?? "nothing in particular"}` +
      (shared.length > 0 ? ` and share ${shared.map((token) => `"${token}"`).join(", ")}` : ""),
  ];
  return {
    source: sourceFacts.column.name,
    target: targetFacts.column.name,
    confidence: round2(confidence),
    jaccard: round2(overlap.jaccard),
    sharedValues: overlap.shared,
    transforms: overlap.normalization.transforms,
    because: reasons.join("; "),
    facts: { source: sourceFacts, target: targetFacts },
  };
}

function describeUniqueness(source: ColumnValues, target: ColumnValues): string {
  const repeats = (values: ColumnValues) => values.present - values.distinct.size;
  if (repeats(source) === 0 && repeats(target) === 0) return "no value repeats on either side";
  const cells = (count: number) => `${count} repeated cell${count === 1 ? "" : "s"}`;
  return `values repeat (${cells(repeats(source))} in the source sample, ${cells(repeats(target))} in the target's)`;
}

// ---------------------------------------------------------------------------
// Mappings

interface AssignedMapping extends SuggestedMapping {
  concept: Concept | null;
  index: number;
}

interface AssignedSide {
  state: SideState;
  mappings: AssignedMapping[];
  unmapped: Map<number, string>;
  key: { field: string; column: string } | null;
}

function assignMappings(side: SideState, keyFacts: ColumnFacts | null, key: RankedKey | null): AssignedSide {
  const mappings: AssignedMapping[] = [];
  const usedColumns = new Set<number>();
  const winners = new Map<Concept, Candidate>();
  let keyMapping: AssignedSide["key"] = null;

  if (keyFacts && key) {
    const concept = keyFacts.readings.find((reading) => TEXT_CONCEPTS.has(reading.concept))?.concept ?? "id";
    const field = concept;
    const other = side.name === "source" ? key.target : key.source;
    mappings.push({
      field,
      column: keyFacts.column.name,
      transforms: key.transforms,
      confidence: key.confidence,
      because: `the key: its values match ${quote(other)} in the other file (Jaccard ${key.jaccard.toFixed(2)})`,
      concept,
      index: keyFacts.index,
    });
    usedColumns.add(keyFacts.index);
    winners.set(concept, { facts: keyFacts, concept, confidence: key.confidence, because: "", isKey: true });
    keyMapping = { field, column: keyFacts.column.name };
  }

  for (const candidate of side.candidates) {
    if (usedColumns.has(candidate.facts.index) || winners.has(candidate.concept)) continue;
    usedColumns.add(candidate.facts.index);
    winners.set(candidate.concept, candidate);
    mappings.push({ ...mappingFor(candidate, side), concept: candidate.concept, index: candidate.facts.index });
  }
  mappings.sort((a, b) => a.index - b.index);

  const unmapped = new Map<number, string>();
  for (const facts of side.facts) {
    if (usedColumns.has(facts.index)) continue;
    unmapped.set(facts.index, whyUnmapped(facts, side, winners));
  }
  return { state: side, mappings, unmapped, key: keyMapping };
}

function mappingFor(candidate: Candidate, side: SideState): SuggestedMapping {
  const { facts, concept } = candidate;
  const column = facts.column.name;
  const because = [candidate.because];
  let transforms: Transform[] = [];
  let confidence = candidate.confidence;
  switch (concept) {
    case "amount": {
      const profile = facts.column.amount;
      const format = {
        decimalSeparator: profile?.decimalSeparator ?? ".",
        thousandsSeparator: profile?.thousandsSeparator ?? "",
        sign: profile && profile.negative !== "crdr" ? profile.negative : "minus",
        minorUnits: minorUnitsOf(side.currency),
      } as const;
      transforms = [{ op: "parseAmount", ...format }];
      because.push(`${format.minorUnits} minor units (${side.currency ? `the amounts look like ${side.currency}` : "no currency found, so the usual 2"})`);
      if (profile?.negative === "crdr") because.push("the values carry CR/DR suffixes, which parseAmount does not read: sign them with an expression");
      if (side.currencyNote) because.push(side.currencyNote);
      const rate = parseRate(facts.cells, compileAmountParser(format));
      const failures = describeFailures(rate, "parseAmount");
      if (failures) because.push(failures);
      confidence *= parsedShare(rate);
      break;
    }
    case "date": {
      const chosen = facts.dateFormat!;
      transforms = [{ op: "parseDate", format: chosen.format, timeZone: chosen.timeZone }];
      break;
    }
    case "email":
      // Addresses compare case-insensitively and exports pad them.
      transforms = [{ op: "trim" }, { op: "lower" }];
      break;
    default:
      break;
  }
  return { field: concept, column, transforms, confidence: round2(confidence), because: because.filter((part) => part !== "").join("; ") };
}

function whyUnmapped(facts: ColumnFacts, side: SideState, winners: ReadonlyMap<Concept, Candidate>): string {
  if (facts.unreadableDate !== undefined) {
    return `profiled as dates in the pattern "${facts.column.date?.pattern}", which parseDate cannot read (${facts.unreadableDate}); map it with an expression`;
  }
  const own = side.candidates.find((candidate) => candidate.facts.index === facts.index);
  if (own) {
    const winner = winners.get(own.concept);
    if (winner?.isKey) return `could be ${own.concept} (${own.confidence.toFixed(2)}), but that field is the key, ${quote(winner.facts.column.name)}, whose values match the other file's`;
    if (winner) return `could be ${own.concept} (${own.confidence.toFixed(2)}), but ${quote(winner.facts.column.name)} fits it better (${winner.confidence.toFixed(2)})`;
  }
  if (facts.column.type === "empty") return "every sampled cell is empty";
  return "neither its name nor its values point to a field the first pass needs";
}

/** One side's currency against the other's absence would make every pair a FIELD_MISMATCH. */
function keepCurrencyOnBothSidesOrNeither(source: AssignedSide, target: AssignedSide): void {
  const has = (side: AssignedSide) => side.mappings.some((mapping) => mapping.field === "currency");
  if (has(source) === has(target)) return;
  const side = has(source) ? source : target;
  const index = side.mappings.findIndex((mapping) => mapping.field === "currency");
  const [removed] = side.mappings.splice(index, 1);
  side.unmapped.set(
    removed!.index,
    "a currency column, but the other file has none; mapped on one side only, every pair would differ in currency (FIELD_MISMATCH)",
  );
}

function toFieldMapping(mapping: SuggestedMapping): { field: string; column: string; transforms: Transform[] } {
  return { field: mapping.field, column: mapping.column, transforms: mapping.transforms };
}

function sideSuggestion(side: AssignedSide): SideSuggestion {
  return {
    mappings: side.mappings.map(({ concept: _concept, index: _index, ...mapping }) => mapping),
    unmapped: [...side.unmapped.entries()].sort((a, b) => a[0] - b[0]).map(([index, because]) => ({ column: side.state.facts[index]!.column.name, because })),
  };
}

// ---------------------------------------------------------------------------
// The first pass

function proposeFirstPass(source: AssignedSide, target: AssignedSide, key: RankedKey | null): PassSuggestion {
  const mapsOnBoth = (field: string) => [source, target].every((side) => side.mappings.some((mapping) => mapping.field === field));
  const hasAmount = mapsOnBoth("amount");
  const hasDate = mapsOnBoth("date");
  const checks: string[] = [];
  const pass: PassInput = { name: "" };
  if (hasAmount) {
    pass.amount = { toleranceMinor: AMOUNT_TOLERANCE_MINOR };
    checks.push(`amounts may differ by ${AMOUNT_TOLERANCE_MINOR} minor unit (rounding); a larger difference is AMOUNT_MISMATCH`);
  }
  if (hasDate) {
    pass.date = { windowDays: DATE_WINDOW_DAYS };
    checks.push(`dates may be up to ${DATE_WINDOW_DAYS} days apart (payments settle after the order)`);
  }

  if (key && source.key && target.key) {
    pass.name = `${key.source} = ${key.target}`.slice(0, 100);
    pass.keys = [source.key.field === target.key.field ? source.key.field : { source: source.key.field, target: target.key.field }];
    const because = [`rows whose ${quote(key.source)} equals ${quote(key.target)} match, the best-overlapping key pair (${key.because})`, ...checks];
    return { pass, confidence: key.confidence, because: because.join("; ") };
  }
  if (hasAmount && hasDate) {
    pass.name = "amount and date";
    pass.amountOnlySearch = { maxGroupSize: 2, windowDays: DATE_WINDOW_DAYS };
    const because = [
      "no column pair shares any sampled value, so there is no key: the pass searches by amount within the date window (up to 2 source rows per target row)",
      ...checks,
    ];
    return { pass, confidence: 0.3, because: because.join("; ") };
  }
  return fallbackOnNames(source, target, pass, checks);
}

/**
 * Nothing overlaps and there is no amount and date to search by: the most
 * key-like names are the only evidence left, so say so with a low confidence.
 */
function fallbackOnNames(source: AssignedSide, target: AssignedSide, pass: PassInput, checks: string[]): PassSuggestion {
  const pick = (side: AssignedSide) => {
    const ranked = [...side.state.facts].sort((a, b) => keyLikeness(b).prior - keyLikeness(a).prior || a.index - b.index);
    const facts = ranked.find((candidate) => KEY_TYPES.has(candidate.column.type)) ?? ranked[0]!;
    const existing = side.mappings.find((candidate) => candidate.column === facts.column.name && candidate.concept !== null && TEXT_CONCEPTS.has(candidate.concept));
    if (existing) return { facts, field: existing.field };
    // A second mapping of the column is fine: keys are compared as text, whatever else the column feeds.
    side.mappings.push({ field: "key", column: facts.column.name, transforms: [], confidence: 0.1, because: "the most key-like name; no values overlap", concept: null, index: facts.index });
    side.mappings.sort((a, b) => a.index - b.index);
    side.unmapped.delete(facts.index);
    return { facts, field: "key" };
  };
  const sourceKey = pick(source);
  const targetKey = pick(target);
  const nameScore = (keyLikeness(sourceKey.facts).prior + keyLikeness(targetKey.facts).prior) / 2;
  pass.name = `${sourceKey.facts.column.name} = ${targetKey.facts.column.name}`.slice(0, 100);
  pass.keys = [sourceKey.field === targetKey.field ? sourceKey.field : { source: sourceKey.field, target: targetKey.field }];
  const because = [
    `no column pair shares any sampled value; ${quote(sourceKey.facts.column.name)} and ${quote(targetKey.facts.column.name)} only have the most key-like names, so check the files cover the same records`,
    ...checks,
  ];
  return { pass, confidence: round2(0.2 * nameScore), because: because.join("; ") };
}

// ---------------------------------------------------------------------------

function round2(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}

function quote(name: string): string {
  return `"${name}"`;
}
