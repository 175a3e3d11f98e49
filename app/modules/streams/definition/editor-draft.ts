import type { CanonicalSchemaId } from "~/core/canonical/schemas";
import type { FAILURE_POLICIES, StepDefinition, StepInput, StreamDefinition } from "~/core/streams/definition";
import { isStepOutputInput } from "~/core/streams/definition-defaults";
import { COLUMN_WIDTH, ROW_HEIGHT } from "./editor-layout";

/**
 * The visual editor's model of a stream: input nodes (where files come from)
 * and step nodes wired by connections. A definition keeps inputs per step;
 * the editor shows each distinct input once, so several steps reading the
 * same run parameter hang off one node. Pure, shared by the editor, the
 * read-only graph and their tests.
 */
export type InputKind = "parameter" | "file" | "inbox" | "data_source";
export const INPUT_KINDS: readonly InputKind[] = ["parameter", "file", "inbox", "data_source"];
export const INPUT_KIND_LABELS: Record<InputKind, string> = {
  parameter: "File parameter",
  file: "Fixed file",
  inbox: "Inbox",
  data_source: "Data source",
};

export type StepOutput = "unmatched_source" | "unmatched_target" | "matched";
export const STEP_OUTPUTS: readonly StepOutput[] = ["unmatched_source", "unmatched_target", "matched"];
export const STEP_OUTPUT_LABELS: Record<StepOutput, string> = {
  unmatched_source: "unmatched source",
  unmatched_target: "unmatched target",
  matched: "matched",
};
const OUTPUT_KIND: Record<StepOutput, StepOutputKind> = {
  unmatched_source: "STEP_OUTPUT_UNMATCHED_SOURCE",
  unmatched_target: "STEP_OUTPUT_UNMATCHED_TARGET",
  matched: "STEP_OUTPUT_MATCHED",
};
type StepOutputKind = "STEP_OUTPUT_UNMATCHED_SOURCE" | "STEP_OUTPUT_UNMATCHED_TARGET" | "STEP_OUTPUT_MATCHED";

export type Side = "source" | "target";
export const SIDES: readonly Side[] = ["source", "target"];

export interface InputNodeDraft {
  /** Node id; also the key of its position in settings.layout.nodes. Always starts with "in:". */
  id: string;
  kind: InputKind;
  /** Parameter name, file id, inbox name or data source id. */
  value: string;
  adapter: string;
  /** Data sources: the SQL query (HTTP sources take none). */
  query: string;
  /** Parameters only. */
  description: string;
  required: boolean;
  /**
   * The canonical records a file input needs (a template's inputs declare
   * them). Not edited here, but kept, so a save in the editor does not turn a
   * template's canonical input back into a plain one.
   */
  accepts?: CanonicalSchemaId;
}

export type Connection = { from: "input"; nodeId: string } | { from: "step"; stepId: string; output: StepOutput };

export interface StepDraft {
  /** Editor-only identity, stable while the key is edited. */
  id: string;
  key: string;
  name: string;
  ruleSetId: string;
  ruleSetVersion: number | null;
  critical: boolean;
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  timeoutMs: number;
  dependsOn: string[];
  inputs: Record<Side, Connection | null>;
}

export interface StreamDraft {
  name: string;
  description: string;
  failurePolicy: (typeof FAILURE_POLICIES)[number];
  retentionDays: number;
  matchedArtifact: boolean;
  inputs: InputNodeDraft[];
  steps: StepDraft[];
  positions: Record<string, { x: number; y: number }>;
}

/** A problem placed where the editor shows it: a node (and a field of it), or the stream settings. */
export interface EditorProblem {
  nodeId: string | null;
  field: string | null;
  severity: "error" | "warning";
  message: string;
}

export function stepNodeId(step: Pick<StepDraft, "id">): string {
  return `step:${step.id}`;
}

/** Identity of an input: the same parameter (or file, inbox, source with the same reading) is one node. */
function inputNodeIdOf(input: Exclude<StepInput, { stepKey: string }>): string {
  const adapter = input.adapter ? `@${input.adapter}` : "";
  if (input.kind === "DATA_SOURCE_SNAPSHOT") return `in:data_source:${input.dataSourceId}${adapter}${input.query ? `#${shortHash(input.query)}` : ""}`;
  if (input.parameter !== undefined) return `in:parameter:${input.parameter}${adapter}`;
  if (input.fileId !== undefined) return `in:file:${input.fileId}${adapter}`;
  return `in:inbox:${input.inbox ?? ""}${adapter}`;
}

function shortHash(text: string): string {
  let hash = 0;
  for (let index = 0; index < text.length; index += 1) hash = (Math.imul(hash, 31) + text.charCodeAt(index)) | 0;
  return (hash >>> 0).toString(36);
}


export function emptyDraft(): StreamDraft {
  return { name: "", description: "", failurePolicy: "STOP_ON_FAILURE", retentionDays: 90, matchedArtifact: false, inputs: [], steps: [], positions: {} };
}

export function definitionToDraft(definition: StreamDefinition, meta: { name: string; description: string | null }): StreamDraft {
  const inputs = new Map<string, InputNodeDraft>();
  const parameters = definition.settings.parameters;
  const readThrough = parameterReaders(definition);
  for (const parameter of parameters) {
    // A parameter every step reads through an adapter is that adapter's node alone: a bare node beside it
    // would stand unconnected (and be listed twice). One no step reads stays visible, for validation to flag.
    const readers = readThrough.get(parameter.name);
    if (readers && !readers.has("")) continue;
    const id = `in:parameter:${parameter.name}`;
    const accepts = readers?.get("");
    inputs.set(id, { id, kind: "parameter", value: parameter.name, adapter: "", query: "", description: parameter.description, required: parameter.required, ...(accepts ? { accepts } : {}) });
  }
  const stepIds = new Map(definition.steps.map((step, index) => [step.key, `s${index + 1}`]));
  const steps = definition.steps.map((step): StepDraft => {
    const connect = (input: StepInput): Connection => {
      if (isStepOutputInput(input)) {
        const output = (Object.keys(OUTPUT_KIND) as StepOutput[]).find((name) => OUTPUT_KIND[name] === input.kind)!;
        // An unknown step key stays visible as a dangling connection, reported by validation.
        return { from: "step", stepId: stepIds.get(input.stepKey) ?? `missing:${input.stepKey}`, output };
      }
      const id = inputNodeIdOf(input);
      if (!inputs.has(id)) {
        const parameter = input.kind === "FILE" && input.parameter !== undefined ? parameters.find((entry) => entry.name === input.parameter) : undefined;
        inputs.set(id, {
          id,
          kind: input.kind === "DATA_SOURCE_SNAPSHOT" ? "data_source" : input.parameter !== undefined ? "parameter" : input.fileId !== undefined ? "file" : "inbox",
          value: input.kind === "DATA_SOURCE_SNAPSHOT" ? input.dataSourceId : (input.parameter ?? input.fileId ?? input.inbox ?? ""),
          adapter: input.adapter ?? "",
          query: input.kind === "DATA_SOURCE_SNAPSHOT" ? (input.query ?? "") : "",
          description: parameter?.description ?? "",
          required: parameter?.required ?? true,
          ...(input.kind === "FILE" && input.accepts !== undefined ? { accepts: input.accepts } : {}),
        });
      }
      return { from: "input", nodeId: id };
    };
    return {
      id: stepIds.get(step.key)!,
      key: step.key,
      name: step.name,
      ruleSetId: step.ruleSetId,
      ruleSetVersion: step.ruleSetVersion ?? null,
      critical: step.critical,
      retry: { ...step.retry },
      timeoutMs: step.timeoutMs,
      dependsOn: [...step.dependsOn],
      inputs: { source: connect(step.inputs.source), target: connect(step.inputs.target) },
    };
  });

  const saved = definition.settings.layout.nodes;
  const positions: StreamDraft["positions"] = {};
  [...inputs.values()].forEach((input, index) => {
    positions[input.id] = saved[input.id] ?? { x: 0, y: index * ROW_HEIGHT };
  });
  steps.forEach((step, index) => {
    positions[stepNodeId(step)] = saved[step.key] ?? { x: COLUMN_WIDTH * (1 + index), y: index * 40 };
  });
  return {
    name: meta.name,
    description: meta.description ?? "",
    failurePolicy: definition.settings.failurePolicy,
    retentionDays: definition.settings.retentionDays,
    matchedArtifact: definition.settings.matchedArtifact,
    inputs: [...inputs.values()],
    steps,
    positions,
  };
}

/** For each run parameter some step reads: the adapters it is read through ("" for none), each with the records it accepts. */
function parameterReaders(definition: StreamDefinition): Map<string, Map<string, CanonicalSchemaId | undefined>> {
  const readers = new Map<string, Map<string, CanonicalSchemaId | undefined>>();
  for (const step of definition.steps) {
    for (const input of [step.inputs.source, step.inputs.target]) {
      if (input.kind !== "FILE" || input.parameter === undefined) continue;
      const adapters = readers.get(input.parameter) ?? new Map<string, CanonicalSchemaId | undefined>();
      adapters.set(input.adapter ?? "", adapters.get(input.adapter ?? "") ?? input.accepts);
      readers.set(input.parameter, adapters);
    }
  }
  return readers;
}

/**
 * The definition this draft stands for, or null while some step input is
 * unconnected (the schema has no "not yet" input; draftProblems says what is missing).
 */
export function draftToDefinition(draft: StreamDraft): StreamDefinition | null {
  const inputById = new Map(draft.inputs.map((input) => [input.id, input]));
  const stepById = new Map(draft.steps.map((step) => [step.id, step]));
  const toInput = (connection: Connection | null): StepInput | null => {
    if (!connection) return null;
    if (connection.from === "step") {
      const upstream = stepById.get(connection.stepId);
      const stepKey = upstream?.key ?? connection.stepId.replace(/^missing:/, "");
      return { kind: OUTPUT_KIND[connection.output], stepKey };
    }
    const input = inputById.get(connection.nodeId);
    if (!input) return null;
    const adapter = input.adapter.trim() ? { adapter: input.adapter.trim() } : {};
    const accepts = input.accepts !== undefined ? { accepts: input.accepts } : {};
    switch (input.kind) {
      case "parameter":
        return { kind: "FILE", parameter: input.value.trim(), ...adapter, ...accepts };
      case "file":
        return { kind: "FILE", fileId: input.value.trim(), ...adapter, ...accepts };
      case "inbox":
        return { kind: "FILE", inbox: input.value.trim(), ...adapter, ...accepts };
      case "data_source":
        return { kind: "DATA_SOURCE_SNAPSHOT", dataSourceId: input.value.trim(), ...(input.query.trim() ? { query: input.query } : {}), ...adapter };
    }
  };
  const steps: StepDefinition[] = [];
  for (const step of draft.steps) {
    const source = toInput(step.inputs.source);
    const target = toInput(step.inputs.target);
    if (!source || !target) return null;
    steps.push({
      key: step.key.trim(),
      name: step.name.trim(),
      ruleSetId: step.ruleSetId,
      ruleSetVersion: step.ruleSetVersion,
      inputs: { source, target },
      dependsOn: step.dependsOn,
      critical: step.critical,
      retry: { ...step.retry },
      timeoutMs: step.timeoutMs,
    });
  }
  const layout: Record<string, { x: number; y: number }> = {};
  for (const input of draft.inputs) if (draft.positions[input.id]) layout[input.id] = roundPosition(draft.positions[input.id]!);
  for (const step of draft.steps) {
    const position = draft.positions[stepNodeId(step)];
    if (position && step.key.trim()) layout[step.key.trim()] = roundPosition(position);
  }
  return {
    settings: {
      failurePolicy: draft.failurePolicy,
      retentionDays: draft.retentionDays,
      matchedArtifact: draft.matchedArtifact,
      parameters: declaredParameters(draft),
      layout: { nodes: layout },
    },
    steps,
  };
}

/** Parameter nodes in order, once per name (a parameter read through two adapters has two nodes; the first describes it). */
function declaredParameters(draft: StreamDraft): StreamDefinition["settings"]["parameters"] {
  const seen = new Set<string>();
  const parameters: StreamDefinition["settings"]["parameters"] = [];
  for (const input of draft.inputs) {
    const name = input.value.trim();
    if (input.kind !== "parameter" || seen.has(name)) continue;
    seen.add(name);
    parameters.push({ name, description: input.description.trim(), required: input.required });
  }
  return parameters;
}

function roundPosition(position: { x: number; y: number }) {
  return { x: Math.round(position.x), y: Math.round(position.y) };
}
