import { and, desc, eq, inArray } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { validateSideAgainstColumns } from "~/core/engine/normalize";
import type { RuleSetDefinition } from "~/core/engine/rule-set";
import { CANONICAL_PREFIX } from "~/modules/streams/runtime/artifacts/artifact-csv";
import { isStepOutputInput, type StepDefinition, type StepInput, type StreamDefinition } from "~/core/streams/definition";
import { findGraphProblems, topologicalOrder, type StreamProblem } from "~/modules/streams/definition/graph";
import { dataSources, ruleSets, ruleSetVersions, uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { testDataSource } from "~/modules/data-sources/index.server";
import { definitionOf, getStream, getStreamVersion } from "./streams.server";

/**
 * Is a stream ready to run? Everything that can be known before running it:
 * the graph, the rule sets (present, not archived), whether each mapping
 * names a column its input can have (from a file's detected schema, or for
 * step outputs from the upstream step's output columns), the files and
 * parameters, and the data sources. Problems carry the step and a pointer
 * into the definition so the editor can mark the node and field.
 */
export interface ValidationReport {
  streamId: string;
  version: number;
  ready: boolean;
  problems: StreamProblem[];
}

const SIDES = ["source", "target"] as const;

export async function validateStream(ctx: OrgContext, streamId: string, options: { version?: number; parameters?: Record<string, string> } = {}): Promise<ValidationReport> {
  const loaded = options.version === undefined ? await getStream(ctx, streamId) : await getStreamVersion(ctx, streamId, options.version);
  const definition = definitionOf(loaded.version, loaded.steps);
  const problems = findGraphProblems(definition);
  if (!problems.some((problem) => problem.severity === "error" && /cycle|no step named/.test(problem.message))) {
    problems.push(...(await findDataProblems(ctx, definition, options.parameters ?? {})));
    problems.push(...(await findUnreachableDataSources(ctx, definition, problems)));
  }
  return { streamId, version: loaded.version.version, ready: !problems.some((problem) => problem.severity === "error"), problems };
}

/** Data sources a run would snapshot, asked for a connection now (outside any transaction; each test has its own deadline). */
async function findUnreachableDataSources(ctx: OrgContext, definition: StreamDefinition, found: StreamProblem[]): Promise<StreamProblem[]> {
  const problems: StreamProblem[] = [];
  const tested = new Map<string, Awaited<ReturnType<typeof testDataSource>>>();
  for (const [index, step] of definition.steps.entries()) {
    for (const side of SIDES) {
      const input = step.inputs[side];
      if (input.kind !== "DATA_SOURCE_SNAPSHOT") continue;
      const pointer = `/steps/${index}/inputs/${side}/dataSourceId`;
      if (found.some((problem) => problem.pointer === pointer)) continue;
      if (!tested.has(input.dataSourceId)) tested.set(input.dataSourceId, await testDataSource(ctx, input.dataSourceId));
      const result = tested.get(input.dataSourceId)!;
      if (!result.ok) problems.push({ stepKey: step.key, pointer, severity: "error", message: `data source is unreachable: ${result.message}` });
    }
  }
  return problems;
}

async function findDataProblems(ctx: OrgContext, definition: StreamDefinition, parameters: Record<string, string>): Promise<StreamProblem[]> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const problems: StreamProblem[] = [];
    const ruleSetIds = [...new Set(definition.steps.map((step) => step.ruleSetId))];
    const heads = await tx.select().from(ruleSets).where(and(eq(ruleSets.orgId, ctx.orgId), inArray(ruleSets.id, ruleSetIds)));
    const versions = await tx.select().from(ruleSetVersions).where(and(eq(ruleSetVersions.orgId, ctx.orgId), inArray(ruleSetVersions.ruleSetId, ruleSetIds)));
    const ruleDefinitionOf = (step: StepDefinition): RuleSetDefinition | null => {
      const head = heads.find((row) => row.id === step.ruleSetId);
      const number = step.ruleSetVersion ?? head?.latestVersion;
      return versions.find((row) => row.ruleSetId === step.ruleSetId && row.version === number)?.definition ?? null;
    };

    for (const parameter of definition.settings.parameters) {
      if (parameter.required && Object.keys(parameters).length > 0 && !parameters[parameter.name]) {
        problems.push({ stepKey: null, pointer: `/settings/parameters`, severity: "error", message: `run parameter '${parameter.name}' is not given` });
      }
    }

    /** Output columns of each step side, filled in dependency order. */
    const outputColumns = new Map<string, string[] | null>();
    const indexOf = new Map(definition.steps.map((step, index) => [step.key, index]));
    for (const key of topologicalOrder(definition.steps)) {
      const index = indexOf.get(key)!;
      const step = definition.steps[index]!;
      const head = heads.find((row) => row.id === step.ruleSetId);
      const pointer = `/steps/${index}/ruleSetId`;
      if (!head) problems.push({ stepKey: key, pointer, severity: "error", message: `no rule set '${step.ruleSetId}'` });
      else if (head.status === "archived") problems.push({ stepKey: key, pointer, severity: "error", message: `rule set '${head.name}' is archived` });
      const rules = ruleDefinitionOf(step);
      if (head && !rules) problems.push({ stepKey: key, pointer: `/steps/${index}/ruleSetVersion`, severity: "error", message: `rule set '${head.name}' has no version ${step.ruleSetVersion}` });

      for (const side of SIDES) {
        const input = step.inputs[side];
        const inputPointer = `/steps/${index}/inputs/${side}`;
        const columns = await inputColumns(input, inputPointer, key, problems, parameters, outputColumns);
        if (columns && rules) {
          for (const issue of validateSideAgainstColumns(rules[side], columns, `/${side}`, rules.lookups)) {
            problems.push({ stepKey: key, pointer: inputPointer, severity: "error", message: `rule set '${head?.name}' ${issue.pointer}: ${issue.message}` });
          }
        }
        const fields = rules ? [...new Set(rules[side].mappings.map((mapping) => mapping.field))] : [];
        // A step's unmatched (and matched) output keeps its input's columns and adds its canonical fields.
        outputColumns.set(`${key}:${side}`, columns ? [...new Set([...columns.filter((column) => !column.startsWith(CANONICAL_PREFIX)), ...fields.map((field) => CANONICAL_PREFIX + field)])] : null);
      }
    }
    return problems;

    async function inputColumns(
      input: StepInput,
      pointer: string,
      stepKey: string,
      found: StreamProblem[],
      given: Record<string, string>,
      upstream: Map<string, string[] | null>,
    ): Promise<string[] | null> {
      if (isStepOutputInput(input)) {
        const side = input.kind === "STEP_OUTPUT_UNMATCHED_TARGET" ? "target" : "source";
        return upstream.get(`${input.stepKey}:${side}`) ?? null;
      }
      if (input.kind === "DATA_SOURCE_SNAPSHOT") {
        const [source] = await tx.select().from(dataSources).where(and(eq(dataSources.orgId, ctx.orgId), eq(dataSources.id, input.dataSourceId)));
        if (!source || source.deletedAt) found.push({ stepKey, pointer: `${pointer}/dataSourceId`, severity: "error", message: `no data source '${input.dataSourceId}'` });
        return null;
      }
      let fileId = input.fileId;
      if (input.parameter !== undefined) {
        fileId = given[input.parameter];
        if (!fileId) return null;
      }
      const condition = input.inbox !== undefined
        ? and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.inbox, input.inbox), eq(uploadedFiles.status, "ready"))
        : and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.id, fileId!));
      const [file] = await tx.select().from(uploadedFiles).where(condition).orderBy(desc(uploadedFiles.createdAt)).limit(1);
      const at = input.inbox !== undefined ? `${pointer}/inbox` : input.parameter !== undefined ? `${pointer}/parameter` : `${pointer}/fileId`;
      if (!file) {
        found.push({
          stepKey,
          pointer: at,
          severity: input.inbox !== undefined ? "warning" : "error",
          message: input.inbox !== undefined ? `inbox '${input.inbox}' has no ready file yet` : `no file '${fileId}'`,
        });
        return null;
      }
      if (file.status === "failed") found.push({ stepKey, pointer: at, severity: "error", message: `file '${file.name}' failed profiling` });
      if (file.status === "processing") found.push({ stepKey, pointer: at, severity: "warning", message: `file '${file.name}' is still being profiled` });
      // An adapter reshapes the file; its columns are the adapter's, not the profile's.
      if (input.adapter !== undefined || !file.detectedSchema) return null;
      return file.detectedSchema.columns.map((column) => column.name);
    }
  });
}
