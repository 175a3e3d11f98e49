import { findGraphProblems } from "./graph";
import { draftToDefinition, SIDES, stepNodeId, type EditorProblem, type StreamDraft } from "./editor-draft";

/** The editor's checks: what can be told about a draft without the server, and where a server pointer lands on it. */
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
  problems.push(...unconnectedInputs(draft));
  if (problems.some((problem) => problem.severity === "error" && (problem.nodeId !== null || problem.field === "steps"))) return problems;

  const definition = draftToDefinition(draft);
  if (definition) {
    for (const problem of findGraphProblems(definition)) problems.push({ ...placePointer(problem.pointer, draft), severity: problem.severity, message: problem.message });
  }
  return problems;
}

/**
 * Fixed files, inboxes and data sources no step reads: a save would drop
 * them. (A parameter no step reads stays declared; the graph check flags it.)
 */
function unconnectedInputs(draft: StreamDraft): EditorProblem[] {
  const connected = new Set(draft.steps.flatMap((step) => SIDES.map((side) => step.inputs[side]).flatMap((connection) => (connection?.from === "input" ? [connection.nodeId] : []))));
  return draft.inputs
    .filter((input) => input.kind !== "parameter" && !connected.has(input.id))
    .map((input) => ({ nodeId: input.id, field: null, severity: "warning" as const, message: `This input (${input.id}) is connected to no step; saving drops it` }));
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
      // settings.parameters lists each name once (declaredParameters), in node order.
      const parameters = draft.inputs.filter((input, index, all) => input.kind === "parameter" && all.findIndex((other) => other.kind === "parameter" && other.value.trim() === input.value.trim()) === index);
      const input = parameters[Number(parts[2])];
      if (input) return { nodeId: input.id, field: "value" };
    }
    return { nodeId: null, field: parts.slice(1).join(".") || null };
  }
  return { nodeId: null, field: null };
}
