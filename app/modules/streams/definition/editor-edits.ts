import { DEFAULT_RETRY, DEFAULT_STEP_TIMEOUT_MS } from "~/core/streams/definition-defaults";
import { COLUMN_WIDTH, ROW_HEIGHT } from "./editor-layout";
import { INPUT_KIND_LABELS, STEP_OUTPUT_LABELS, STEP_OUTPUTS, stepNodeId, type Connection, type InputKind, type InputNodeDraft, type Side, type StepDraft, type StreamDraft } from "./editor-draft";

/** Edits of a draft: each returns a new draft (the editor keeps the old ones for undo). */
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
