import type { FAILURE_POLICIES, StepDefinition, StepInput, StreamDefinition } from "~/core/streams/definition";
import { DEFAULT_RETRY, DEFAULT_STEP_TIMEOUT_MS, isStepOutputInput } from "~/core/streams/definition-defaults";
import { findGraphProblems } from "./graph";

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

const COLUMN_WIDTH = 320;
const ROW_HEIGHT = 150;

export function emptyDraft(): StreamDraft {
  return { name: "", description: "", failurePolicy: "STOP_ON_FAILURE", retentionDays: 90, matchedArtifact: false, inputs: [], steps: [], positions: {} };
}

export function definitionToDraft(definition: StreamDefinition, meta: { name: string; description: string | null }): StreamDraft {
  const inputs = new Map<string, InputNodeDraft>();
  const parameters = definition.settings.parameters;
  for (const parameter of parameters) {
    const id = `in:parameter:${parameter.name}`;
    inputs.set(id, { id, kind: "parameter", value: parameter.name, adapter: "", query: "", description: parameter.description, required: parameter.required });
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
    switch (input.kind) {
      case "parameter":
        return { kind: "FILE", parameter: input.value.trim(), ...adapter };
      case "file":
        return { kind: "FILE", fileId: input.value.trim(), ...adapter };
      case "inbox":
        return { kind: "FILE", inbox: input.value.trim(), ...adapter };
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

const STEP_KEY = /^[a-z][a-z0-9_-]*$/;
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What can be told without the server: missing wiring and values, bad keys, then the graph's own problems. */
export function draftProblems(draft: StreamDraft): EditorProblem[] {
  const problems: EditorProblem[] = [];
  const error = (nodeId: string | null, field: string | null, message: string) => problems.push({ nodeId, field, severity: "error", message });
  if (!draft.name.trim()) error(null, "name", "Give the stream a name");
  if (draft.steps.length === 0) error(null, "steps", "Add at least one step");

  const parameterNames = new Map<string, string>();
  for (const input of draft.inputs) {
    const value = input.value.trim();
    if (input.kind === "parameter") {
      // One parameter may be read through different adapters (one node each); the same name and adapter twice is a slip.
      const identity = `${value}@${input.adapter.trim()}`;
      if (!PARAMETER_NAME.test(value)) error(input.id, "value", "Parameter name: a letter or _ followed by letters, digits or _");
      else if (parameterNames.has(identity)) error(input.id, "value", `Parameter '${value}' is declared twice`);
      parameterNames.set(identity, input.id);
    } else if (!value) {
      error(input.id, "value", input.kind === "file" ? "Choose a file" : input.kind === "inbox" ? "Name the inbox" : "Choose a data source");
    }
    if (input.adapter.trim() && !/^[a-z][a-z0-9_]*$/.test(input.adapter.trim())) error(input.id, "adapter", "Adapter: lower-case letters, digits and _");
  }

  const keys = new Map<string, string>();
  for (const step of draft.steps) {
    const nodeId = stepNodeId(step);
    const key = step.key.trim();
    if (!STEP_KEY.test(key) || key.length > 64) error(nodeId, "key", "Key: start with a lower-case letter; then lower-case letters, digits, _ or -");
    else if (keys.has(key)) error(nodeId, "key", `Key '${key}' is used by another step`);
    keys.set(key, nodeId);
    if (!step.name.trim()) error(nodeId, "name", "Give the step a name");
    if (!step.ruleSetId) error(nodeId, "ruleSetId", "Choose a rule set");
    for (const side of SIDES) if (!step.inputs[side]) error(nodeId, `inputs.${side}`, `Connect the ${side} input`);
    if (step.retry.maxDelayMs < step.retry.baseDelayMs) error(nodeId, "retry.maxDelayMs", "Max delay must be at least the base delay");
    if (step.retry.maxAttempts < 1 || step.retry.maxAttempts > 20) error(nodeId, "retry.maxAttempts", "Attempts: 1 to 20");
    if (step.timeoutMs < 1_000 || step.timeoutMs > 6 * 3_600_000) error(nodeId, "timeoutMs", "Timeout: 1 second to 6 hours");
  }
  if (problems.some((problem) => problem.nodeId !== null || problem.field === "steps")) return problems;

  const definition = draftToDefinition(draft);
  if (definition) {
    for (const problem of findGraphProblems(definition)) problems.push({ ...placePointer(problem.pointer, draft), severity: problem.severity, message: problem.message });
  }
  return problems;
}

/**
 * Where a JSON pointer into {settings, steps} (as validateStream and the API
 * report them, with or without a leading /definition) shows in the editor.
 */
export function placePointer(pointer: string, draft: StreamDraft): { nodeId: string | null; field: string | null } {
  const parts = pointer.replace(/^\/definition/, "").split("/").filter(Boolean);
  if (parts[0] === "steps" && parts[1] !== undefined) {
    const step = draft.steps[Number(parts[1])];
    if (!step) return { nodeId: null, field: "steps" };
    const rest = parts.slice(2);
    if (rest[0] === "inputs" && (rest[1] === "source" || rest[1] === "target")) {
      const connection = step.inputs[rest[1]];
      // A problem with the input's own value (parameter, file, columns) also marks the input node.
      if (connection?.from === "input" && rest.length > 2) return { nodeId: connection.nodeId, field: rest[2] === "adapter" ? "adapter" : "value" };
      return { nodeId: stepNodeId(step), field: `inputs.${rest[1]}` };
    }
    return { nodeId: stepNodeId(step), field: rest.length ? rest.join(".") : null };
  }
  if (parts[0] === "settings") {
    if (parts[1] === "parameters" && parts[2] !== undefined) {
      const parameters = draft.inputs.filter((input) => input.kind === "parameter");
      const input = parameters[Number(parts[2])];
      if (input) return { nodeId: input.id, field: "value" };
    }
    return { nodeId: null, field: parts.slice(1).join(".") || null };
  }
  return { nodeId: null, field: null };
}

let counter = 0;
/** A fresh editor id; the draft makes sure it is unused. */
function freshId(prefix: string, used: Set<string>): string {
  let id: string;
  do {
    counter += 1;
    id = `${prefix}${counter}`;
  } while (used.has(id));
  return id;
}

export function addStep(draft: StreamDraft, position?: { x: number; y: number }): { draft: StreamDraft; stepId: string } {
  const id = freshId("s", new Set(draft.steps.map((step) => step.id)));
  const keys = new Set(draft.steps.map((step) => step.key));
  let number = draft.steps.length + 1;
  while (keys.has(`step_${number}`)) number += 1;
  const step: StepDraft = {
    id,
    key: `step_${number}`,
    name: `Step ${number}`,
    ruleSetId: "",
    ruleSetVersion: null,
    critical: true,
    retry: { ...DEFAULT_RETRY },
    timeoutMs: DEFAULT_STEP_TIMEOUT_MS,
    dependsOn: [],
    inputs: { source: null, target: null },
  };
  const at = position ?? { x: COLUMN_WIDTH + 340 * draft.steps.length, y: 60 * draft.steps.length };
  return { draft: { ...draft, steps: [...draft.steps, step], positions: { ...draft.positions, [stepNodeId(step)]: at } }, stepId: id };
}

export function addInput(draft: StreamDraft, kind: InputKind, position?: { x: number; y: number }): { draft: StreamDraft; nodeId: string } {
  const used = new Set(draft.inputs.map((input) => input.id));
  const id = freshId(`in:new-${kind}-`, used);
  let value = "";
  if (kind === "parameter") {
    const names = new Set(draft.inputs.map((input) => input.value));
    let number = 1;
    while (names.has(`file_${number}`)) number += 1;
    value = `file_${number}`;
  }
  const input: InputNodeDraft = { id, kind, value, adapter: "", query: "", description: "", required: true };
  const at = position ?? { x: 0, y: ROW_HEIGHT * draft.inputs.length };
  return { draft: { ...draft, inputs: [...draft.inputs, input], positions: { ...draft.positions, [id]: at } }, nodeId: id };
}

/** Removes a node and every connection to it; steps that read it keep an empty slot to reconnect. */
export function removeNode(draft: StreamDraft, nodeId: string): StreamDraft {
  const positions = { ...draft.positions };
  delete positions[nodeId];
  const detach = (connection: Connection | null): Connection | null => {
    if (!connection) return null;
    if (connection.from === "input") return connection.nodeId === nodeId ? null : connection;
    return `step:${connection.stepId}` === nodeId ? null : connection;
  };
  const removedStep = draft.steps.find((step) => stepNodeId(step) === nodeId);
  return {
    ...draft,
    inputs: draft.inputs.filter((input) => input.id !== nodeId),
    steps: draft.steps
      .filter((step) => stepNodeId(step) !== nodeId)
      .map((step) => ({
        ...step,
        dependsOn: removedStep ? step.dependsOn.filter((key) => key !== removedStep.key) : step.dependsOn,
        inputs: { source: detach(step.inputs.source), target: detach(step.inputs.target) },
      })),
    positions,
  };
}

export function connect(draft: StreamDraft, stepId: string, side: Side, connection: Connection | null): StreamDraft {
  return { ...draft, steps: draft.steps.map((step) => (step.id === stepId ? { ...step, inputs: { ...step.inputs, [side]: connection } } : step)) };
}

export function updateStep(draft: StreamDraft, stepId: string, patch: Partial<StepDraft>): StreamDraft {
  const before = draft.steps.find((step) => step.id === stepId);
  const steps = draft.steps.map((step) => (step.id === stepId ? { ...step, ...patch } : step));
  // Renaming a key keeps explicit dependsOn edges pointing at the same step.
  if (before && patch.key !== undefined && patch.key !== before.key) {
    for (const step of steps) step.dependsOn = step.dependsOn.map((key) => (key === before.key ? patch.key! : key));
  }
  return { ...draft, steps };
}

export function updateInput(draft: StreamDraft, nodeId: string, patch: Partial<InputNodeDraft>): StreamDraft {
  return { ...draft, inputs: draft.inputs.map((input) => (input.id === nodeId ? { ...input, ...patch } : input)) };
}

/** Connections a step side may take: every input node and every output of the other steps. */
export function connectionChoices(draft: StreamDraft, stepId: string): Array<{ value: string; label: string; connection: Connection }> {
  const choices: Array<{ value: string; label: string; connection: Connection }> = [];
  for (const input of draft.inputs) {
    choices.push({ value: `input|${input.id}`, label: `${INPUT_KIND_LABELS[input.kind]}: ${input.value || "(not set)"}`, connection: { from: "input", nodeId: input.id } });
  }
  for (const step of draft.steps) {
    if (step.id === stepId) continue;
    for (const output of STEP_OUTPUTS) {
      choices.push({ value: `step|${step.id}|${output}`, label: `${step.name || step.key} → ${STEP_OUTPUT_LABELS[output]}`, connection: { from: "step", stepId: step.id, output } });
    }
  }
  return choices;
}

export function connectionValue(connection: Connection | null): string {
  if (!connection) return "";
  return connection.from === "input" ? `input|${connection.nodeId}` : `step|${connection.stepId}|${connection.output}`;
}

export function edgeLabel(connection: Connection, side: Side): string {
  return connection.from === "step" ? STEP_OUTPUT_LABELS[connection.output] : side;
}
