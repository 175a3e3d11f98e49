import type { StreamDefinition } from "~/modules/streams";
import { compilePack } from "~/modules/templates/packs/compile-pack";
import { packManifestSchema, type PackManifest, type PackParameter, type PackStepInput } from "~/modules/templates/packs/pack-schema";
import { findPlaceholders } from "~/modules/templates/packs/parameters";
import { parameterConstraints } from "~/modules/templates/packs/parameter-descriptions";
import type { CatalogProblemPack, TemplateSummary } from "./templates.server";

/**
 * What the template pages show of a pack: a gallery card, and the pack page
 * (its streams as the graph a copy will have, parameters, file kinds, sample
 * files, runbook). Read from the registered manifest, never from disk, so a
 * private upload shows exactly what was uploaded.
 */
export interface TemplateCardView {
  id: string;
  name: string;
  industry: string;
  description: string;
  version: string;
  versionCount: number;
  visibility: "public" | "private";
  author: string;
  keywords: string[];
  streamCount: number;
  stepCount: number;
  parameterCount: number;
}

export function templateCardView(summary: TemplateSummary): TemplateCardView {
  const manifest = manifestOf(summary);
  return {
    id: summary.id,
    name: manifest.name,
    industry: manifest.industry,
    description: manifest.description,
    version: manifest.version,
    versionCount: summary.rows.length,
    visibility: summary.latest.orgId === null ? "public" : "private",
    author: manifest.author,
    keywords: manifest.keywords ?? [],
    streamCount: manifest.streams.length,
    stepCount: manifest.streams.reduce((total, stream) => total + stream.steps.length, 0),
    parameterCount: Object.keys(manifest.parameters).length,
  };
}

export interface TemplateParameterView {
  name: string;
  type: PackParameter["type"];
  title: string;
  description: string;
  /** A plain default; a money parameter's default amount is in `money`, a fileInput has none. */
  default: string | number | boolean | null;
  minimum: number | null;
  maximum: number | null;
  options: string[];
  pattern: string | null;
  /** money: the default amount, and its fixed currency or the currency parameter it follows. */
  money: { amount: string; currency: string | null; currencyFrom: string | null; decimals: number | null } | null;
  /** fileInput: what the run will ask for. */
  file: { inputTitle: string; accepts: Array<{ id: string; title: string }> } | null;
}

export interface TemplateStreamView {
  key: string;
  name: string;
  description: string | null;
  steps: Array<{ key: string; name: string; ruleSetName: string; source: string; target: string }>;
  /** The stream definition a copy gets with the default parameters (rule sets named by pack key), for the read-only graph. */
  graph: StreamDefinition | null;
  samples: Array<{ input: string; inputTitle: string; file: string }>;
  expected: string;
}

export function templatePageView(summary: TemplateSummary) {
  const manifest = manifestOf(summary);
  const compiled = compilePack(manifest, {}).compiled;
  const ruleSetName = (key: string) => manifest.ruleSets.find((ruleSet) => ruleSet.key === key)?.name ?? key;
  const streams: TemplateStreamView[] = manifest.streams.map((stream) => ({
    key: stream.key,
    name: stream.name,
    description: stream.description ?? null,
    steps: stream.steps.map((step) => ({
      key: step.key,
      name: step.name,
      ruleSetName: ruleSetName(step.ruleSet),
      source: describeStepInput(manifest, step.inputs.source),
      target: describeStepInput(manifest, step.inputs.target),
    })),
    graph: graphDefinition(compiled?.streams.find((candidate) => candidate.key === stream.key)?.definition ?? null),
    samples: inputsInStepOrder(stream.steps, Object.keys(stream.samples)).map((input) => ({ input, inputTitle: manifest.inputs[input]?.title ?? input, file: stream.samples[input]! })),
    expected: stream.expected,
  }));
  return {
    ...templateCardView(summary),
    license: manifest.license,
    engine: manifest.engine,
    versions: summary.rows.map((row) => ({ version: row.version, origin: row.origin, sha256: row.sha256, createdAt: row.createdAt.toISOString() })),
    parameters: parametersInUseOrder(manifest).map((name): TemplateParameterView => parameterView(name, manifest.parameters[name]!, manifest.inputs)),
    inputs: inputsInStepOrder(
      manifest.streams.flatMap((stream) => stream.steps),
      Object.keys(manifest.inputs),
    ).map((key) => [key, manifest.inputs[key]!] as const).map(([key, input]) => ({
      key,
      title: input.title,
      description: input.description ?? null,
      adapter: input.adapter ?? null,
      format: input.format ?? null,
      signatureColumns: input.signature?.columns ?? [],
      columns: Object.entries(input.columns ?? {}).map(([column, meaning]) => ({ column, meaning })),
    })),
    ruleSets: manifest.ruleSets.map((ruleSet) => ({ key: ruleSet.key, name: ruleSet.name, description: ruleSet.description ?? null })),
    ruleSetLabels: manifest.ruleSets.map((ruleSet) => ({ id: ruleSet.key, name: ruleSet.name })),
    streams,
    runbook: summary.latest.runbook,
  };
}

export type TemplatePageView = ReturnType<typeof templatePageView>;

/** The parameters of one version, for the instantiate form (the latest unless another is asked for). */
export function templateParameters(summary: TemplateSummary, version?: string): Record<string, PackParameter> {
  const row = version === undefined ? summary.latest : (summary.rows.find((candidate) => candidate.version === version) ?? summary.latest);
  return packManifestSchema.parse(row.manifest).parameters;
}

export function rejectedPackView(pack: CatalogProblemPack) {
  return {
    name: pack.name,
    origin: pack.origin,
    problems: pack.problems.map((problem) => ({ file: problem.file, pointer: problem.pointer ?? null, line: problem.line ?? null, message: problem.message })),
  };
}

function manifestOf(summary: TemplateSummary): PackManifest {
  return packManifestSchema.parse(summary.latest.manifest);
}

function parameterView(name: string, parameter: PackParameter, inputs: PackManifest["inputs"]): TemplateParameterView {
  const constraints = parameterConstraints(parameter, inputs);
  const moneyDefault = typeof parameter.default === "object" ? parameter.default : null;
  return {
    name,
    type: parameter.type,
    title: parameter.title ?? name,
    description: parameter.description,
    default: parameter.default === undefined || typeof parameter.default === "object" ? null : parameter.default,
    minimum: parameter.minimum ?? null,
    maximum: parameter.maximum ?? null,
    options: parameter.options ?? [],
    pattern: parameter.pattern ?? null,
    money:
      parameter.type === "money"
        ? { amount: moneyDefault?.amount ?? "", currency: constraints.currency, currencyFrom: constraints.currencyFrom, decimals: constraints.decimals }
        : null,
    file:
      parameter.type === "fileInput"
        ? { inputTitle: (constraints.input && inputs[constraints.input]?.title) ?? constraints.input ?? name, accepts: constraints.accepts.map(({ id, title }) => ({ id, title })) }
        : null,
  };
}

/**
 * Parameter names in the order the pack's rule sets and streams first use
 * them (then unused ones), so the form reads like the pipeline: the stored
 * manifest is jsonb, which does not keep the author's key order.
 */
function parametersInUseOrder(manifest: PackManifest): string[] {
  const names = Object.keys(manifest.parameters);
  const used = [...findPlaceholders(manifest.ruleSets), ...findPlaceholders(manifest.streams)].map((placeholder) => placeholder.name).filter((name) => names.includes(name));
  const ordered = [...new Set(used)];
  return [...ordered, ...names.filter((name) => !ordered.includes(name))];
}

/**
 * Input keys in the order the steps first read them (then any others): the
 * order a reader follows the pipeline in. The stored manifest is jsonb, whose
 * object keys come back in its own order, not the author's.
 */
function inputsInStepOrder(steps: PackManifest["streams"][number]["steps"], keys: string[]): string[] {
  const ordered: string[] = [];
  for (const step of steps) {
    for (const input of [step.inputs.source, step.inputs.target]) {
      if (input.kind === "FILE" && keys.includes(input.input) && !ordered.includes(input.input)) ordered.push(input.input);
    }
  }
  return [...ordered, ...keys.filter((key) => !ordered.includes(key))];
}

function describeStepInput(manifest: PackManifest, input: PackStepInput): string {
  if (input.kind === "FILE") return manifest.inputs[input.input]?.title ?? input.input;
  const side = input.kind === "STEP_OUTPUT_MATCHED" ? "matched rows" : input.kind === "STEP_OUTPUT_UNMATCHED_SOURCE" ? "unmatched source rows" : "unmatched target rows";
  return `${side} of ${input.stepKey}`;
}

/**
 * For the pack page's graph only: a run parameter that every step reads
 * through an adapter is drawn once, as its adapter's node (the editor also
 * keeps a bare node for it, which on a read-only picture is noise).
 */
function graphDefinition(definition: StreamDefinition | null): StreamDefinition | null {
  if (!definition) return null;
  const readBare = new Set<string>();
  for (const step of definition.steps) {
    for (const input of [step.inputs.source, step.inputs.target]) {
      if (input.kind === "FILE" && input.parameter !== undefined && !input.adapter) readBare.add(input.parameter);
    }
  }
  const parameters = definition.settings.parameters.filter((parameter) => readBare.has(parameter.name));
  return { ...definition, settings: { ...definition.settings, parameters } };
}
