import { minorUnitsOf } from "../match/money";
import { compileAmountParser } from "~/core/values/amounts";
import type { Transform } from "../rule-set";
import { TEXT_CONCEPTS, type Concept } from "./column-names";
import { describeFailures, parseRate, parsedShare, type Candidate, type ColumnFacts, type SideState } from "./column-facts";
import type { RankedKey } from "./key-pairs";
import type { SideSuggestion, SuggestedMapping } from "./types";
import { quote, round2 } from "./wording";

/** Which column maps to which field on a side: the key first, then the best candidate per field; why the rest are left out. */

export interface AssignedMapping extends SuggestedMapping {
  concept: Concept | null;
  index: number;
}

export interface AssignedSide {
  state: SideState;
  mappings: AssignedMapping[];
  unmapped: Map<number, string>;
  key: { field: string; column: string } | null;
}

export function assignMappings(side: SideState, keyFacts: ColumnFacts | null, key: RankedKey | null): AssignedSide {
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
export function keepCurrencyOnBothSidesOrNeither(source: AssignedSide, target: AssignedSide): void {
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

export function toFieldMapping(mapping: SuggestedMapping): { field: string; column: string; transforms: Transform[] } {
  return { field: mapping.field, column: mapping.column, transforms: mapping.transforms };
}

export function sideSuggestion(side: AssignedSide): SideSuggestion {
  return {
    mappings: side.mappings.map(({ concept: _concept, index: _index, ...mapping }) => mapping),
    unmapped: [...side.unmapped.entries()].sort((a, b) => a[0] - b[0]).map(([index, because]) => ({ column: side.state.facts[index]!.column.name, because })),
  };
}
