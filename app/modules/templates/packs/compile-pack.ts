import semver from "semver";
import type { z } from "zod";
import { getAdapter } from "~/core/adapters";
import { describeRegexProblem, findRegexProblem } from "~/core/engine/linear-regex";
import { ruleSetDefinitionSchema, type RuleSetDefinition } from "~/core/engine/rule-set";
import { findDefinitionProblems } from "~/modules/rule-sets/index.server";
import { streamDefinitionSchema, type StepInput, type StreamDefinition } from "~/modules/streams";
import { findGraphProblems } from "~/modules/streams/index.server";
import { canonicalSchemaOfAdapter, columnMappingSchema, validateColumnMapping } from "~/core/canonical";
import { ENGINE_VERSION, packManifestSchema, type PackColumnMapping, type PackManifest, type PackStepInput, type PackStream } from "./pack-schema";
import { findParameterDeclarationProblems, findVersionProblems } from "./manifest-versions";
import { findPlaceholders, pointerOf, resolveParameterValues, substituteParameters, type LocatedProblem, type ParameterValue } from "./parameters";

/**
 * From a manifest to what an org gets: parameters substituted, each rule set
 * checked with the API's own schema and consistency rules, each stream turned
 * into a stream definition (rule sets named by their pack key until
 * instantiation gives them ids) and checked as a graph. Pure; every problem
 * is located by the manifest's JSON pointer.
 */
export interface CompiledRuleSet {
  key: string;
  name: string;
  description: string | null;
  definition: RuleSetDefinition;
}

export interface CompiledStream {
  key: string;
  name: string;
  description: string | null;
  /** steps[].ruleSetId holds the pack's rule-set key. */
  definition: StreamDefinition;
}

export interface CompiledPack {
  /** The pack's column mappings by key, saved as the org's at instantiation. */
  mappings: Record<string, PackColumnMapping>;
  ruleSets: CompiledRuleSet[];
  streams: CompiledStream[];
  parameters: Record<string, ParameterValue>;
}

/** The manifest's shape (zod), with problems as manifest pointers. */
export function parseManifest(json: unknown): { manifest?: PackManifest; problems: LocatedProblem[] } {
  const parsed = packManifestSchema.safeParse(json);
  if (!parsed.success) return { problems: zodProblems(parsed.error, "") };
  return { manifest: parsed.data, problems: [] };
}

/** Everything about the manifest that is not its shape: references, parameters, rule sets and streams after substitution. */
export function checkManifest(manifest: PackManifest): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  if (semver.validRange(manifest.engine) === null) problems.push({ pointer: "/engine", message: `'${manifest.engine}' is not a semver range` });
  else if (!semver.satisfies(ENGINE_VERSION, manifest.engine)) problems.push({ pointer: "/engine", message: `this Reconstream runs engine ${ENGINE_VERSION}, outside the pack's range '${manifest.engine}'` });

  problems.push(...findVersionProblems(manifest));
  const declarationProblems = findParameterDeclarationProblems(manifest);
  // A parameter without its default or currency source cannot be resolved: its other problems would only repeat that.
  if (declarationProblems.length > 0) return [...problems, ...declarationProblems];

  for (const [name, parameter] of Object.entries(manifest.parameters)) {
    if (parameter.type === "enum" && !parameter.options) problems.push({ pointer: `/parameters/${name}/options`, message: "an enum parameter lists its options" });
    if (parameter.pattern !== undefined) checkPattern(parameter.pattern, `/parameters/${name}/pattern`, problems);
  }
  const { problems: defaultProblems } = resolveParameterValues(manifest.parameters, {});
  for (const problem of defaultProblems) problems.push({ pointer: `${problem.pointer}/default`, message: `the default: ${problem.message}` });

  for (const placeholder of [...findPlaceholders(manifest.ruleSets, "/ruleSets"), ...findPlaceholders(manifest.streams, "/streams")]) {
    if (!(placeholder.name in manifest.parameters)) problems.push({ pointer: placeholder.pointer, message: `{{params.${placeholder.name}}} names no parameter of the pack` });
  }
  for (const [inputKey, input] of Object.entries(manifest.inputs)) {
    if (input.adapter !== undefined && !getAdapter(input.adapter)) problems.push({ pointer: `/inputs/${inputKey}/adapter`, message: `no format adapter '${input.adapter}'` });
    if (input.adapter === undefined && input.accepts === undefined && input.signature === undefined && input.columns === undefined) {
      problems.push({ pointer: `/inputs/${inputKey}`, message: "a generic input gives column hints or a signature so uploads can be recognised" });
    }
    if (input.adapter !== undefined && input.accepts !== undefined && getAdapter(input.adapter) && canonicalSchemaOfAdapter(input.adapter) !== input.accepts) {
      const gives = canonicalSchemaOfAdapter(input.adapter);
      problems.push({ pointer: `/inputs/${inputKey}/accepts`, message: `adapter '${input.adapter}' gives ${gives ?? "no canonical records"}, not ${input.accepts}` });
    }
    if (input.signature?.firstBytes !== undefined) checkPattern(input.signature.firstBytes, `/inputs/${inputKey}/signature/firstBytes`, problems);
  }
  for (const [mappingKey, mapping] of Object.entries(manifest.mappings)) problems.push(...columnMappingProblems(mapping, `/mappings/${mappingKey}`));
  if (defaultProblems.length > 0) return problems;
  // Unknown placeholders were reported above with a clearer message.
  const compiled = compilePack(manifest, {}).problems.filter((problem) => !problem.message.startsWith("unknown parameter"));
  return [...problems, ...compiled];
}

/** The org's rule sets and streams for these parameter values (defaults for the rest). */
export function compilePack(manifest: PackManifest, given: Record<string, unknown>, parametersPointer = "/parameters"): { compiled?: CompiledPack; problems: LocatedProblem[] } {
  const { values, resolved, problems } = resolveParameterValues(manifest.parameters, given, parametersPointer);
  if (problems.length > 0) return { problems };

  const ruleSetKeys = new Map<string, number>();
  const ruleSets: CompiledRuleSet[] = [];
  manifest.ruleSets.forEach((ruleSet, index) => {
    const at = `/ruleSets/${index}`;
    if (ruleSetKeys.has(ruleSet.key)) problems.push({ pointer: `${at}/key`, message: `rule-set key '${ruleSet.key}' is already used by rule set ${ruleSetKeys.get(ruleSet.key)}` });
    ruleSetKeys.set(ruleSet.key, index);
    const substituted = substituteParameters(ruleSet.definition, resolved, `${at}/definition`);
    problems.push(...substituted.problems);
    const withDefaults = applySeverityDefaults(substituted.value, manifest.severityDefaults);
    const parsed = ruleSetDefinitionSchema.safeParse(withDefaults);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, `${at}/definition`));
      return;
    }
    // findDefinitionProblems points into a request body ({definition: …}).
    for (const problem of findDefinitionProblems(parsed.data)) problems.push({ pointer: `${at}${problem.pointer ?? "/definition"}`, message: problem.message });
    ruleSets.push({ key: ruleSet.key, name: ruleSet.name, description: ruleSet.description ?? null, definition: parsed.data });
  });

  const streamKeys = new Set<string>();
  const streams: CompiledStream[] = [];
  manifest.streams.forEach((stream, index) => {
    const at = `/streams/${index}`;
    if (streamKeys.has(stream.key)) problems.push({ pointer: `${at}/key`, message: `stream key '${stream.key}' is already used` });
    streamKeys.add(stream.key);
    const substituted = substituteParameters(stream, resolved, at);
    problems.push(...substituted.problems);
    const compiled = compileStream(manifest, substituted.value, at, ruleSetKeys, problems);
    if (compiled) streams.push(compiled);
  });
  if (problems.length > 0) return { problems };
  return { compiled: { mappings: manifest.mappings, ruleSets, streams, parameters: values }, problems };
}

/** A pack mapping's rules, as POST /api/v1/column-mappings checks them, located in the manifest. */
function columnMappingProblems(mapping: PackColumnMapping, at: string): LocatedProblem[] {
  const { name: _name, ...rules } = mapping;
  const parsed = columnMappingSchema.safeParse(rules);
  if (!parsed.success) return zodProblems(parsed.error, at);
  return validateColumnMapping(parsed.data).map((problem) => ({ pointer: `${at}${problem.pointer}`, message: problem.message }));
}

function compileStream(manifest: PackManifest, stream: PackStream, at: string, ruleSetKeys: Map<string, number>, problems: LocatedProblem[]): CompiledStream | undefined {
  const usedInputs: string[] = [];
  const steps = stream.steps.map((step, stepIndex) => {
    const stepAt = `${at}/steps/${stepIndex}`;
    if (!ruleSetKeys.has(step.ruleSet)) problems.push({ pointer: `${stepAt}/ruleSet`, message: `no rule set with key '${step.ruleSet}' in the pack` });
    const toStepInput = (input: PackStepInput, side: "source" | "target"): StepInput => {
      if (input.kind !== "FILE") return input;
      const packInput = manifest.inputs[input.input];
      if (!packInput) {
        problems.push({ pointer: `${stepAt}/inputs/${side}/input`, message: `no input '${input.input}' in the pack's inputs` });
        return { kind: "FILE", parameter: input.input };
      }
      const adapter = input.adapter ?? packInput.adapter;
      if (adapter !== undefined && !getAdapter(adapter)) problems.push({ pointer: `${stepAt}/inputs/${side}/adapter`, message: `no format adapter '${adapter}'` });
      if (!usedInputs.includes(input.input)) usedInputs.push(input.input);
      // An input that only declares what it accepts names no adapter: the customer's own file is read through its
      // recognized format or column mapping, and the run checks that it delivers the schema.
      return {
        kind: "FILE",
        parameter: input.input,
        ...(adapter === undefined ? {} : { adapter }),
        ...(packInput.accepts === undefined ? {} : { accepts: packInput.accepts }),
      };
    };
    return {
      key: step.key,
      name: step.name,
      ruleSetId: step.ruleSet,
      ruleSetVersion: null,
      inputs: { source: toStepInput(step.inputs.source, "source"), target: toStepInput(step.inputs.target, "target") },
      ...(step.dependsOn ? { dependsOn: step.dependsOn } : {}),
      ...(step.critical !== undefined ? { critical: step.critical } : {}),
      ...(step.retry ? { retry: step.retry } : {}),
      ...(step.timeoutMs !== undefined ? { timeoutMs: step.timeoutMs } : {}),
    };
  });
  for (const inputKey of usedInputs) {
    if (!(inputKey in stream.samples)) problems.push({ pointer: `${at}/samples`, message: `no sample file for input '${inputKey}'` });
  }
  for (const sampleKey of Object.keys(stream.samples)) {
    if (!usedInputs.includes(sampleKey)) problems.push({ pointer: `${at}/samples/${sampleKey}`, message: `no step of the stream reads input '${sampleKey}'` });
  }
  const parameters = usedInputs.map((inputKey) => ({ name: inputKey, description: manifest.inputs[inputKey]?.title ?? inputKey, required: true }));
  const settings = { ...stream.settings, parameters, ...(stream.settings?.layout ? { layout: editorLayout(stream.settings.layout, steps) } : {}) };
  const parsed = streamDefinitionSchema.safeParse({ settings, steps });
  if (!parsed.success) {
    // The compiled definition mirrors the pack's stream: steps and settings sit at the same pointers.
    problems.push(...zodProblems(parsed.error, at));
    return undefined;
  }
  for (const problem of findGraphProblems(parsed.data)) {
    if (problem.severity === "error") problems.push({ pointer: `${at}${problem.pointer}`, message: problem.message });
  }
  return { key: stream.key, name: stream.name, description: stream.description ?? null, definition: parsed.data };
}

/**
 * A pack lays out its inputs by input key, but the stream editor names an
 * input node by what it reads (`in:parameter:orders@shopify_orders`): the
 * pack's positions are copied to those node ids so a new copy opens as the
 * pack drew it. Step keys are the editor's keys already.
 */
function editorLayout(layout: { nodes: Record<string, { x: number; y: number }> }, steps: Array<{ inputs: Record<"source" | "target", StepInput> }>) {
  const nodes = { ...layout.nodes };
  for (const step of steps) {
    for (const input of [step.inputs.source, step.inputs.target]) {
      if (input.kind !== "FILE" || input.parameter === undefined) continue;
      const position = layout.nodes[input.parameter];
      if (position) nodes[`in:parameter:${input.parameter}${input.adapter ? `@${input.adapter}` : ""}`] ??= position;
    }
  }
  return { nodes };
}

/** The pack's severity defaults under each rule set's own severity rules (the rule set's win). */
function applySeverityDefaults(definition: Record<string, unknown>, defaults: PackManifest["severityDefaults"]): Record<string, unknown> {
  if (!defaults) return definition;
  const own = (definition.severity ?? {}) as { byType?: Record<string, unknown>; amountThresholds?: unknown[] };
  return {
    ...definition,
    severity: {
      byType: { ...(defaults.byType ?? {}), ...(own.byType ?? {}) },
      amountThresholds: own.amountThresholds ?? defaults.amountThresholds ?? [],
    },
  };
}

export function zodProblems(error: z.ZodError, base: string): LocatedProblem[] {
  return error.issues.map((issue) => ({ pointer: `${base}${pointerOf(issue.path)}`, message: issue.message }));
}

/** Pack patterns run on RE2 (linear time), so they are checked with it: no backreferences or lookaround. */
function checkPattern(pattern: string, pointer: string, problems: LocatedProblem[]): void {
  const problem = findRegexProblem(pattern);
  if (problem) problems.push({ pointer, message: `is not a usable regular expression: ${describeRegexProblem(problem)}` });
}
