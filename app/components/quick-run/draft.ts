import type { RuleSetDefinitionInput } from "~/core/engine/suggest";

/**
 * The wizard's draft is a rule-set definition as the API takes it (its input
 * shape, defaults left out), edited in place: whatever the suggestion put in
 * it that the wizard has no control for (filters, lookups, severities) is
 * kept as it is and sent back unchanged. Types only from the engine, so no
 * zod reaches the browser.
 */
export type Draft = RuleSetDefinitionInput;
export type DraftPass = Draft["passes"][number];
export type DraftMapping = Draft["source"]["mappings"][number];
export type DraftTransform = NonNullable<DraftMapping["transforms"]>[number];
export type Side = "source" | "target";
export const SIDES: readonly Side[] = ["source", "target"];

export interface FileColumn {
  name: string;
  type: string;
}

/** Where a mapping's value comes from: a column of the file, a fixed value, or something the UI only shows (concat, expression …). */
export type MappingOrigin = { kind: "none" } | { kind: "column"; column: string } | { kind: "constant"; value: string } | { kind: "computed"; op: string };

const VALUE_PRODUCING = new Set(["constant", "concat", "coalesce", "expression"]);

export function mappingOf(draft: Draft, side: Side, field: string): { mapping: DraftMapping; index: number } | null {
  const index = draft[side].mappings.findIndex((mapping) => mapping.field === field);
  return index < 0 ? null : { mapping: draft[side].mappings[index]!, index };
}

export function originOf(mapping: DraftMapping | undefined): MappingOrigin {
  if (!mapping) return { kind: "none" };
  const first = mapping.transforms?.[0];
  if (mapping.column === undefined && first && VALUE_PRODUCING.has(first.op)) {
    if (first.op === "constant") return { kind: "constant", value: first.value === null ? "" : String(first.value) };
    return { kind: "computed", op: first.op };
  }
  return mapping.column === undefined ? { kind: "none" } : { kind: "column", column: mapping.column };
}

/** The currency a fixed-value mapping gives either side (a single-currency export), for entering tolerances in it; null when the files carry it per row. */
export function constantCurrency(draft: Draft): string | null {
  for (const side of SIDES) {
    const found = mappingOf(draft, side, "currency");
    const origin = originOf(found?.mapping);
    if (origin.kind === "constant" && /^[A-Za-z]{3}$/.test(origin.value.trim())) return origin.value.trim().toUpperCase();
  }
  return null;
}

/** Fields listed in the mapping table: the canonical ones first, then any other the draft maps (e.g. email). */
export function fieldsOf(draft: Draft, canonical: readonly string[]): string[] {
  const extra = new Set<string>();
  for (const side of SIDES) for (const mapping of draft[side].mappings) if (!canonical.includes(mapping.field)) extra.add(mapping.field);
  return [...canonical, ...extra];
}

/** A parse step a field needs to be compared as the engine compares it; text fields need none. */
export function defaultTransformsFor(field: string, column: FileColumn | undefined): DraftTransform[] {
  if (field === "amount") return [{ op: "parseAmount" }];
  if (field === "date") return [{ op: "parseDate", format: column?.type === "date" || column?.type === "datetime" ? "iso" : "yyyy-MM-dd" }];
  return [];
}

export function setOrigin(draft: Draft, side: Side, field: string, origin: MappingOrigin, columns: FileColumn[]): Draft {
  const found = mappingOf(draft, side, field);
  const mappings = [...draft[side].mappings];
  if (origin.kind === "none") {
    if (found) mappings.splice(found.index, 1);
    return { ...draft, [side]: { ...draft[side], mappings } };
  }
  let next: DraftMapping;
  if (origin.kind === "constant") {
    next = { field, transforms: [{ op: "constant", value: origin.value }] };
  } else if (origin.kind === "column") {
    // Keep the parse settings when only the column changes; a new mapping gets the field's usual parse step.
    const kept = found && originOf(found.mapping).kind === "column" ? (found.mapping.transforms ?? []) : null;
    next = { field, column: origin.column, transforms: kept ?? defaultTransformsFor(field, columns.find((column) => column.name === origin.column)) };
  } else {
    return draft;
  }
  if (found) mappings[found.index] = next;
  else mappings.push(next);
  return { ...draft, [side]: { ...draft[side], mappings } };
}

export function setTransforms(draft: Draft, side: Side, field: string, transforms: DraftTransform[]): Draft {
  const found = mappingOf(draft, side, field);
  if (!found) return draft;
  const mappings = [...draft[side].mappings];
  mappings[found.index] = { ...found.mapping, transforms };
  return { ...draft, [side]: { ...draft[side], mappings } };
}

/** Fields mapped on both sides under the same name: the ones a pass can key on or compare. */
export function sharedFields(draft: Draft): string[] {
  const target = new Set(draft.target.mappings.map((mapping) => mapping.field));
  return [...new Set(draft.source.mappings.map((mapping) => mapping.field))].filter((field) => target.has(field));
}

export function updatePass(draft: Draft, index: number, patch: Partial<DraftPass>): Draft {
  const passes = draft.passes.map((pass, at) => (at === index ? withoutUndefined({ ...pass, ...patch }) : pass));
  return { ...draft, passes };
}

export function newPass(draft: Draft): DraftPass {
  const names = new Set(draft.passes.map((pass) => pass.name));
  let n = draft.passes.length + 1;
  while (names.has(`Pass ${n}`)) n++;
  const shared = sharedFields(draft);
  return {
    name: `Pass ${n}`,
    cardinality: "1:1",
    keys: shared.includes("reference") ? ["reference"] : shared.includes("id") ? ["id"] : [],
    ...(shared.includes("amount") ? { amount: { toleranceMinor: 0 } } : {}),
    ...(shared.includes("date") ? { date: { windowDays: 3 } } : {}),
  };
}

export function movePass(draft: Draft, index: number, by: -1 | 1): Draft {
  const to = index + by;
  if (to < 0 || to >= draft.passes.length) return draft;
  const passes = [...draft.passes];
  [passes[index], passes[to]] = [passes[to]!, passes[index]!];
  return { ...draft, passes };
}

export function removePass(draft: Draft, index: number): Draft {
  return { ...draft, passes: draft.passes.filter((_, at) => at !== index) };
}

export function keyLabel(key: DraftPass["keys"] extends Array<infer K> | undefined ? K : never): string {
  return typeof key === "string" ? key : `${key.source} ↔ ${key.target}`;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** Basis points (100 = 1%) as the percent people type, and back; integers both ways, no float drift in the stored value. */
export function basisPointsToPercent(basisPoints: number | undefined): string {
  if (!basisPoints) return "";
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export function percentToBasisPoints(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return 0;
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(trimmed);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/**
 * Problems from the server point into the definition
 * ("definition/passes/0/keys"); the wizard files each under the step and
 * control it belongs to.
 */
export type FieldErrors = Record<string, string>;

export function errorsUnder(errors: FieldErrors, prefix: string): Array<[string, string]> {
  return Object.entries(errors).filter(([pointer]) => pointer === prefix || pointer.startsWith(`${prefix}/`));
}

export function stepOfPointer(pointer: string): number {
  const wizardStep = /^step\/(\d)$/.exec(pointer);
  if (wizardStep) return Number(wizardStep[1]);
  if (pointer === "sourceFileId" || pointer === "targetFileId") return 0;
  if (pointer.startsWith("definition/source") || pointer.startsWith("definition/target")) return 1;
  if (pointer.startsWith("definition")) return 2;
  return 3;
}
