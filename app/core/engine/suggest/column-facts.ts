import { minorUnitsOf } from "../match/money";
import { compileDayParser } from "~/core/values/dates";
import { isFailure, type TransformFailure } from "~/core/values/transform-failure";
import { CONCEPTS, isSecondaryAmountName, readColumnName, type Concept, type NameReading } from "./column-names";
import type { SuggestColumn, SuggestColumnType, SuggestSideInput } from "./types";
import { round2 } from "./wording";

/*
 * What each column could be: its name read as concepts, its profiled type and
 * its sampled values (shapes, how many parse), as ranked candidates for the
 * fields of a side, and the side's currency.
 */

/** Below this a column-to-field reading is noise, not a suggestion. */
const MIN_MAPPING_CONFIDENCE = 0.3;
export const KEY_TYPES: ReadonlySet<SuggestColumnType> = new Set(["string", "integer"]);

const ORDER_NUMBER = /^#?\d+$/;
const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const CURRENCY_CODE = /^[A-Za-z]{3}$/;
/** Share of sampled values that must have a shape before the shape counts as evidence. */
const SHAPE_SHARE = 0.9;

export type SideName = "source" | "target";

export interface ParseRate {
  /** Non-blank sampled cells. */
  present: number;
  failed: number;
  /** The first value that did not parse, and why. */
  example: { value: string; message: string } | null;
}

export interface ColumnFacts {
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
export interface Candidate {
  facts: ColumnFacts;
  concept: Concept;
  confidence: number;
  because: string;
  /** The key column, which takes its field before any other column. */
  isKey?: boolean;
}

export interface SideState {
  name: SideName;
  facts: ColumnFacts[];
  candidates: Candidate[];
  /** ISO code the side's amounts are in, when the sample shows one. */
  currency: string | null;
  currencyNote: string | null;
}

export function describeSide(name: SideName, side: SuggestSideInput): SideState {
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

export function parseRate(cells: ReadonlyArray<string | null>, parse: (text: string) => number | null | TransformFailure): ParseRate {
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

export function parsedShare(rate: ParseRate): number {
  return rate.present === 0 ? 1 : (rate.present - rate.failed) / rate.present;
}

export function describeFailures(rate: ParseRate, transform: string): string | null {
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
    case "description": {
      if (column.type !== "string") return { withName: 0, alone: 0, evidence: null };
      // "customer_facing_currency" reads as a customer, but its values are currency codes: a name is never a code.
      const kind = valueKind(facts);
      if (kind !== "text") return { withName: 0, alone: 0, evidence: `but its values are ${VALUE_KIND_WORDS[kind]}` };
      return { withName: 1, alone: 0, evidence: null };
    }
  }
}

/**
 * What the values of a column are, from its profiled type and their shapes:
 * two columns mapped to one field must hold the same kind of value, or no
 * row of one can ever equal a row of the other.
 */
export type ValueKind = "amount" | "date" | "currency-code" | "email" | "number" | "text";
export const VALUE_KIND_WORDS: Record<ValueKind, string> = {
  amount: "amounts",
  date: "dates",
  "currency-code": "currency codes",
  email: "email addresses",
  number: "whole numbers",
  text: "text",
};

export function valueKind(facts: ColumnFacts): ValueKind {
  const { column } = facts;
  if (column.type === "amount") return "amount";
  if (column.type === "date" || column.type === "datetime") return "date";
  if (column.type === "currency") return "currency-code";
  if (column.type === "integer") return "number";
  if (facts.emailShaped) return "email";
  // Three letters alone are also short words ("yes", "new"): only upper- or lower-case ISO-like codes count, in almost every row.
  if (shareMatching(facts.cells, CURRENCY_CODE) >= SHAPE_SHARE && shareMatching(facts.cells, /^(?:[A-Z]{3}|[a-z]{3})$/) >= SHAPE_SHARE) return "currency-code";
  return "text";
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
