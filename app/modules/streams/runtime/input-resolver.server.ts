import { gunzipSync } from "node:zlib";
import { and, desc, eq, inArray } from "drizzle-orm";
import { getAdapter } from "~/core/adapters";
import { canonicalSchemaOfAdapter, withCanonicalColumns } from "~/core/canonical";
import { CANONICAL_SCHEMAS, type CanonicalSchemaId } from "~/core/canonical/schemas";
import type { OrgContext } from "~/core/access";
import type { RawTable } from "~/core/engine/types";
import { reconciliationArtifacts, reconciliationStepRuns, uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { readArtifactTable } from "./artifacts/artifact-io.server";
import type { StepInput } from "~/core/streams/definition";
import { StepInputError } from "./failure";
import { port, type UploadedFile } from "./ports";
import type { ResolvedInput } from "~/core/streams/runtime-types";

/**
 * InputResolverService: turns a step input (a file, a run parameter, the
 * newest file of an inbox, an upstream step's output, a data-source
 * snapshot) into an InputProvider — the rows, their columns and where each
 * row came from — so the engine stays stateless and never knows which kind
 * of input it was given.
 */
export interface InputProvider {
  table: RawTable;
  resolved: ResolvedInput;
  /** The lineage node the rows came from. */
  origin: { type: "file" | "artifact"; id: string };
}

/**
 * An input resolved to the bytes to read, with no rows yet: what the
 * database knows (planStepInput, on the main thread), handed to the step's
 * worker thread, which reads it (loadPlannedInput) without a database.
 */
export type InputPlan =
  | { type: "file"; file: Pick<UploadedFile, "id" | "name" | "storageKey" | "sha256" | "policy" | "detectedSchema" | "format">; adapter?: string; accepts?: CanonicalSchemaId; resolved: Omit<ResolvedInput, "rowCount">; origin: InputProvider["origin"] }
  | { type: "artifact"; storageKey: string; fileName: string; resolved: Omit<ResolvedInput, "rowCount">; origin: InputProvider["origin"] };

export interface ResolveContext {
  ctx: OrgContext;
  runId: string;
  parameters: Record<string, string>;
}

const ARTIFACT_OF_INPUT = {
  STEP_OUTPUT_UNMATCHED_SOURCE: "UNMATCHED_SOURCE",
  STEP_OUTPUT_UNMATCHED_TARGET: "UNMATCHED_TARGET",
  STEP_OUTPUT_MATCHED: "MATCHED",
} as const;

/** `side` names the input in a failure when it has no parameter or inbox name of its own. */
export async function planStepInput(context: ResolveContext, input: StepInput, side: "source" | "target" = "source"): Promise<InputPlan> {
  switch (input.kind) {
    case "FILE": {
      const file = await fileOfInput(context, input);
      const plan = filePlan(file, { kind: "FILE", parameter: input.parameter, inbox: input.inbox, adapter: input.adapter });
      if (!input.accepts) return plan;
      assertFileDelivers(input.accepts, file, plan, input.parameter ?? input.inbox ?? side);
      return { ...plan, accepts: input.accepts };
    }
    case "DATA_SOURCE_SNAPSHOT": {
      // Taken now, at run time: the snapshot file is what this run reconciled, whatever the source holds later.
      const { file } = await port("snapshots").createSnapshot(context.ctx, input.dataSourceId, input.query === undefined ? {} : { query: input.query });
      return filePlan(file, { kind: "DATA_SOURCE_SNAPSHOT", dataSourceId: input.dataSourceId, adapter: input.adapter });
    }
    default:
      return planStepOutput(context, input.stepKey, ARTIFACT_OF_INPUT[input.kind]);
  }
}

/** Reads a planned input's rows; no database, so it runs in the step's worker thread. */
export async function loadPlannedInput(ctx: OrgContext, plan: InputPlan): Promise<InputProvider> {
  const table =
    plan.type === "artifact"
      ? await readArtifactTable(plan.storageKey, plan.fileName)
      : plan.adapter
        ? canonicalAdapterTable(plan, await readWithAdapter(plan.file, plan.adapter))
        : // Also appends the `$` columns of the file's column mapping, if it has one.
          await port("files").readReadyFile(ctx, plan.file as UploadedFile);
  return { table, resolved: { ...plan.resolved, rowCount: table.rowCount }, origin: plan.origin };
}

/**
 * An adapter's records with their `$` columns. An input that accepts the
 * schema reads them with the file's policy (strict: a record missing a
 * required field fails the step, located); for any other input the columns
 * are additive, read leniently (an incomplete record gets empty values).
 */
function canonicalAdapterTable(plan: FilePlan, table: RawTable): RawTable {
  return withCanonicalColumns(plan.adapter!, table, { fileName: plan.file.name, policy: plan.accepts ? plan.file.policy : "lenient" });
}

async function fileOfInput(context: ResolveContext, input: Extract<StepInput, { kind: "FILE" }>): Promise<UploadedFile> {
  let fileId = input.fileId;
  if (input.parameter !== undefined) {
    fileId = context.parameters[input.parameter];
    if (!fileId) {
      const message = `run parameter '${input.parameter}' was not given`;
      throw new StepInputError(message, "missing_parameter", "permanent", [{ pointer: `/parameters/${input.parameter}`, parameter: input.parameter, message }]);
    }
  }
  if (input.inbox !== undefined) {
    const [newest] = await inOrgTransaction(context.ctx.orgId, (tx) =>
      tx
        .select({ id: uploadedFiles.id })
        .from(uploadedFiles)
        .where(and(eq(uploadedFiles.orgId, context.ctx.orgId), eq(uploadedFiles.inbox, input.inbox!), eq(uploadedFiles.status, "ready"), inArray(uploadedFiles.kind, ["upload", "snapshot"])))
        .orderBy(desc(uploadedFiles.createdAt), desc(uploadedFiles.id))
        .limit(1),
    );
    if (!newest) throw new StepInputError(`inbox '${input.inbox}' has no ready file`, "empty_inbox");
    fileId = newest.id;
  }
  if (input.adapter !== undefined) {
    // An adapter reads the raw bytes itself (a PayPal STL or an MT940 does not profile as a table), so a
    // failed generic profile does not stop it; only a file still being stored and hashed must wait.
    const file = await port("files").getFile(context.ctx, fileId!);
    if (file.status === "processing") throw new StepInputError(`file '${fileId}' is still being profiled`, "file_processing", "transient");
    return file;
  }
  try {
    return (await port("files").loadReadyFile(context.ctx, fileId!)).file;
  } catch (error) {
    // A file still being profiled may be ready in a moment; anything else about it will not change by waiting.
    const status = (error as { status?: number }).status;
    if (status === 409) throw new StepInputError(`file '${fileId}' is still being profiled`, "file_processing", "transient");
    throw error;
  }
}

type FilePlan = Extract<InputPlan, { type: "file" }>;

function filePlan(file: UploadedFile, input: Omit<ResolvedInput, "fileId" | "fileName" | "sha256" | "rowCount">): FilePlan {
  // The step's own adapter wins; otherwise the one the file was recognized (or chosen) to be read through.
  const adapter = input.adapter ?? file.format?.adapter ?? undefined;
  // A plain table read through a saved column mapping: which one, and which version, for the run's lineage.
  const mapping = adapter === undefined && file.format?.mapping ? `${file.format.mapping.id}@${file.format.mapping.version}` : undefined;
  const resolved = { ...input, adapter, mapping };
  return {
    type: "file",
    file: { id: file.id, name: file.name, storageKey: file.storageKey, sha256: file.sha256, policy: file.policy, detectedSchema: file.detectedSchema, format: file.format },
    ...(resolved.adapter ? { adapter: resolved.adapter } : {}),
    resolved: stripUndefined({ ...resolved, fileId: file.id, fileName: file.name, sha256: file.sha256 }),
    origin: { type: "file", id: file.id },
  };
}

/**
 * An input that declares the canonical records it needs takes any file whose
 * format delivers them (the step's adapter, the file's recognized or chosen
 * adapter, or its column mapping); any other file fails the step, saying
 * what the file was read as and what to change.
 */
function assertFileDelivers(accepts: CanonicalSchemaId, file: UploadedFile, plan: FilePlan, inputName: string): void {
  const delivered = plan.adapter ? canonicalSchemaOfAdapter(plan.adapter) : file.format?.mapping?.schema;
  if (delivered === accepts) return;
  const readAs = plan.adapter
    ? (getAdapter(plan.adapter)?.title ?? plan.adapter)
    : file.format?.mapping
      ? `the column mapping '${file.format.mapping.name}'`
      : "a plain table";
  const gives = delivered ? `which gives ${recordsLabel(delivered)}` : "which gives no canonical records";
  const message =
    `input \`${inputName}\` accepts ${recordsLabel(accepts)}; ${file.name} is read as ${readAs}, ${gives} — ` +
    "choose its format or a column mapping";
  throw new StepInputError(message, "input_schema_mismatch", "permanent", [{ file: file.name, field: inputName, message }]);
}

function recordsLabel(schema: CanonicalSchemaId): string {
  return `${CANONICAL_SCHEMAS[schema].title.toLowerCase()}s`;
}

/** Format adapters read the whole file's bytes (settlement reports are small) after the store has verified them. */
async function readWithAdapter(file: Pick<UploadedFile, "id" | "name" | "storageKey" | "policy">, adapterName: string): Promise<RawTable> {
  const adapter = getAdapter(adapterName);
  if (!adapter) throw new StepInputError(`no format adapter '${adapterName}'`, "unknown_adapter");
  const chunks: Uint8Array[] = [];
  for await (const chunk of port("files").streamStoredObject(file.storageKey)) chunks.push(chunk);
  let bytes: Uint8Array = Buffer.concat(chunks);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return adapter.read(bytes, { sourceId: file.id, fileName: file.name, policy: file.policy });
}

async function planStepOutput(context: ResolveContext, stepKey: string, artifactType: "UNMATCHED_SOURCE" | "UNMATCHED_TARGET" | "MATCHED"): Promise<InputPlan> {
  const [row] = await inOrgTransaction(context.ctx.orgId, (tx) =>
    tx
      .select({ artifact: reconciliationArtifacts, file: uploadedFiles })
      .from(reconciliationArtifacts)
      .innerJoin(reconciliationStepRuns, eq(reconciliationStepRuns.id, reconciliationArtifacts.stepRunId))
      .innerJoin(uploadedFiles, eq(uploadedFiles.id, reconciliationArtifacts.fileId))
      .where(
        and(
          eq(reconciliationArtifacts.orgId, context.ctx.orgId),
          eq(reconciliationArtifacts.runId, context.runId),
          eq(reconciliationStepRuns.stepKey, stepKey),
          eq(reconciliationArtifacts.artifactType, artifactType),
        ),
      ),
  );
  if (!row) throw new StepInputError(`step '${stepKey}' wrote no ${artifactType} artifact in this run`, "missing_artifact");
  if (row.artifact.status === "purged") throw new StepInputError(`the ${artifactType} artifact of step '${stepKey}' was purged`, "artifact_purged");
  return {
    type: "artifact",
    storageKey: row.artifact.storagePath,
    fileName: row.file.name,
    resolved: { kind: `STEP_OUTPUT_${artifactType}`, fileId: row.file.id, fileName: row.file.name, sha256: row.artifact.checksum, artifactId: row.artifact.id },
    origin: { type: "artifact", id: row.artifact.id },
  };
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
