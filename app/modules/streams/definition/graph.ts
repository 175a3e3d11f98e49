import type { StepDefinition, StreamDefinition } from "~/core/streams/definition";
import { isStepOutputInput } from "~/core/streams/definition-defaults";

/**
 * The shape of a stream as a graph of steps: which steps each one waits for,
 * in what order they can run, and what is structurally wrong with it. Pure,
 * so the API's validate endpoint, the editor and the runtime agree.
 */
export interface StreamProblem {
  stepKey: string | null;
  /** JSON pointer into the stream definition ({settings, steps}). */
  pointer: string;
  severity: "error" | "warning";
  message: string;
}

const SIDES = ["source", "target"] as const;

/** Each step's dependencies: the steps whose outputs it reads, plus its explicit dependsOn, in definition order. */
export function deriveDependencies(steps: readonly StepDefinition[]): Map<string, string[]> {
  const order = new Map(steps.map((step, index) => [step.key, index]));
  const dependencies = new Map<string, string[]>();
  for (const step of steps) {
    const upstream = new Set<string>(step.dependsOn);
    for (const side of SIDES) {
      const input = step.inputs[side];
      if (isStepOutputInput(input)) upstream.add(input.stepKey);
    }
    dependencies.set(step.key, [...upstream].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || a.localeCompare(b)));
  }
  return dependencies;
}

/** Structural problems: duplicate keys, unknown step keys, self-consumption, cycles, undeclared parameters, parameters no step reads. */
export function findGraphProblems(definition: StreamDefinition): StreamProblem[] {
  const problems: StreamProblem[] = [];
  const { steps } = definition;
  const seen = new Map<string, number>();
  steps.forEach((step, index) => {
    if (seen.has(step.key)) {
      problems.push({ stepKey: step.key, pointer: `/steps/${index}/key`, severity: "error", message: `step key '${step.key}' is already used by step ${seen.get(step.key)}` });
    } else seen.set(step.key, index);
  });
  const declaredParameters = new Set(definition.settings.parameters.map((parameter) => parameter.name));

  steps.forEach((step, index) => {
    for (const side of SIDES) {
      const input = step.inputs[side];
      const pointer = `/steps/${index}/inputs/${side}`;
      if (isStepOutputInput(input)) {
        if (input.stepKey === step.key) {
          problems.push({ stepKey: step.key, pointer: `${pointer}/stepKey`, severity: "error", message: "a step cannot consume its own output" });
        } else if (!seen.has(input.stepKey)) {
          problems.push({ stepKey: step.key, pointer: `${pointer}/stepKey`, severity: "error", message: `no step named '${input.stepKey}'` });
        }
      }
      if (input.kind === "FILE" && input.parameter !== undefined && !declaredParameters.has(input.parameter)) {
        problems.push({
          stepKey: step.key,
          pointer: `${pointer}/parameter`,
          severity: "error",
          message: `run parameter '${input.parameter}' is not declared in settings.parameters`,
        });
      }
    }
    step.dependsOn.forEach((key, edge) => {
      if (key === step.key) problems.push({ stepKey: step.key, pointer: `/steps/${index}/dependsOn/${edge}`, severity: "error", message: "a step cannot depend on itself" });
      else if (!seen.has(key)) problems.push({ stepKey: step.key, pointer: `/steps/${index}/dependsOn/${edge}`, severity: "error", message: `no step named '${key}'` });
    });
  });

  const readParameters = new Set(steps.flatMap((step) => SIDES.map((side) => step.inputs[side]).flatMap((input) => (input.kind === "FILE" && input.parameter !== undefined ? [input.parameter] : []))));
  definition.settings.parameters.forEach((parameter, index) => {
    if (readParameters.has(parameter.name)) return;
    // An unconnected input: a run would still ask for its file (when required) and read nothing from it.
    problems.push({
      stepKey: null,
      pointer: `/settings/parameters/${index}`,
      severity: "warning",
      message: `run parameter '${parameter.name}' (node in:parameter:${parameter.name}) is connected to no step: connect it to a step's input or remove it`,
    });
  });

  for (const cycle of findCycles(steps)) {
    const index = steps.findIndex((step) => step.key === cycle[0]);
    problems.push({
      stepKey: cycle[0]!,
      pointer: `/steps/${index}`,
      severity: "error",
      message: `steps form a cycle: ${[...cycle, cycle[0]].join(" → ")}`,
    });
  }
  return problems;
}

/** Every cycle once, each rotated to start at its earliest step (deterministic messages). */
function findCycles(steps: readonly StepDefinition[]): string[][] {
  const dependencies = deriveDependencies(steps);
  const known = new Set(steps.map((step) => step.key));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const cycles = new Map<string, string[]>();
  const order = new Map(steps.map((step, index) => [step.key, index]));

  const visit = (key: string) => {
    state.set(key, "visiting");
    stack.push(key);
    for (const upstream of dependencies.get(key) ?? []) {
      if (!known.has(upstream) || upstream === key) continue;
      if (state.get(upstream) === "visiting") {
        const cycle = stack.slice(stack.indexOf(upstream));
        const start = cycle.reduce((best, candidate, position) => (order.get(candidate)! < order.get(cycle[best]!)! ? position : best), 0);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set([...rotated].sort().join(","), rotated);
      } else if (!state.has(upstream)) visit(upstream);
    }
    stack.pop();
    state.set(key, "done");
  };
  for (const step of steps) if (!state.has(step.key)) visit(step.key);
  return [...cycles.values()];
}

/** Steps in an order where every step comes after its dependencies (ties by definition order). Assumes no cycles. */
export function topologicalOrder(steps: readonly StepDefinition[]): string[] {
  const dependencies = deriveDependencies(steps);
  const done = new Set<string>();
  const ordered: string[] = [];
  while (ordered.length < steps.length) {
    const next = steps.find((step) => !done.has(step.key) && (dependencies.get(step.key) ?? []).every((key) => done.has(key)));
    if (!next) throw new Error("topologicalOrder: the steps form a cycle");
    done.add(next.key);
    ordered.push(next.key);
  }
  return ordered;
}

/** Which output artifacts of each step some other step reads (so the runtime writes and hands them on). */
export function consumedOutputs(steps: readonly StepDefinition[]): Map<string, Set<string>> {
  const consumed = new Map<string, Set<string>>();
  for (const step of steps) {
    for (const side of SIDES) {
      const input = step.inputs[side];
      if (!isStepOutputInput(input)) continue;
      const kinds = consumed.get(input.stepKey) ?? new Set<string>();
      kinds.add(input.kind);
      consumed.set(input.stepKey, kinds);
    }
  }
  return consumed;
}
