import type { StreamDefinition } from "~/core/streams/definition";

/**
 * What changed between two versions of a stream, in words a reviewer reads
 * after saving: steps added, removed and changed (field by field), and
 * settings changed. Steps are matched by key; node positions are left out
 * (moving a box is not a change to the pipeline).
 */
export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface DefinitionDiff {
  addedSteps: string[];
  removedSteps: string[];
  changedSteps: Array<{ key: string; changes: FieldChange[] }>;
  settings: FieldChange[];
  /** Only the layout moved. */
  layoutOnly: boolean;
}

function show(value: unknown): string {
  if (value === undefined || value === null) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Flattens to dotted paths so nested changes (retry.maxAttempts, inputs.source.parameter) are named precisely. */
function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, value);
  }
  return into;
}

function compare(before: unknown, after: unknown): FieldChange[] {
  const left = flatten(before, "", new Map());
  const right = flatten(after, "", new Map());
  const fields = [...new Set([...left.keys(), ...right.keys()])];
  return fields
    .filter((field) => JSON.stringify(left.get(field)) !== JSON.stringify(right.get(field)))
    .map((field) => ({ field, before: show(left.get(field)), after: show(right.get(field)) }));
}

export function diffDefinitions(before: StreamDefinition, after: StreamDefinition): DefinitionDiff {
  const beforeSteps = new Map(before.steps.map((step) => [step.key, step]));
  const afterSteps = new Map(after.steps.map((step) => [step.key, step]));
  const addedSteps = after.steps.filter((step) => !beforeSteps.has(step.key)).map((step) => step.key);
  const removedSteps = before.steps.filter((step) => !afterSteps.has(step.key)).map((step) => step.key);
  const changedSteps = after.steps
    .filter((step) => beforeSteps.has(step.key))
    .map((step) => ({ key: step.key, changes: compare(beforeSteps.get(step.key), step) }))
    .filter((entry) => entry.changes.length > 0);
  const { layout: beforeLayout, ...beforeSettings } = before.settings;
  const { layout: afterLayout, ...afterSettings } = after.settings;
  const settings = compare(beforeSettings, afterSettings);
  const orderChanged = before.steps.map((step) => step.key).join() !== after.steps.map((step) => step.key).join();
  if (orderChanged && addedSteps.length === 0 && removedSteps.length === 0) {
    settings.push({ field: "step order", before: before.steps.map((step) => step.key).join(", "), after: after.steps.map((step) => step.key).join(", ") });
  }
  const unchanged = addedSteps.length + removedSteps.length + changedSteps.length + settings.length === 0;
  return { addedSteps, removedSteps, changedSteps, settings, layoutOnly: unchanged && JSON.stringify(beforeLayout) !== JSON.stringify(afterLayout) };
}
