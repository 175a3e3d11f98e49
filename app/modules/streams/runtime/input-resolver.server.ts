import { gunzipSync } from "node:zlib";
import { and, desc, eq, inArray } from "drizzle-orm";
import { getAdapter } from "~/core/adapters";
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
  | { type: "file"; file: Pick<UploadedFile, "id" | "name" | "storageKey" | "sha256" | "policy" | "detectedSchema">; adapter?: string; resolved: Omit<ResolvedInput, "rowCount">; origin: InputProvider["origin"] }
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

export async function planStepInput(context: ResolveContext, input: StepInput): Promise<InputPlan> {
  switch (input.kind) {
    case "FILE": {
      const file = await fileOfInput(context, input);
      return filePlan(file, { kind: "FILE", parameter: input.parameter, inbox: input.inbox, adapter: input.adapter });
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
        ? await readWithAdapter(plan.file, plan.adapter)
        : await port("files").readReadyFile(ctx, plan.file as UploadedFile);
  return { table, resolved: { ...plan.resolved, rowCount: table.rowCount }, origin: plan.origin };
}

async function fileOfInput(context: ResolveContext, input: Extract<StepInput, { kind: "FILE" }>): Promise<UploadedFile> {
  let fileId = input.fileId;
  if (input.parameter !== undefined) {
    fileId = context.parameters[input.parameter];
    if (!fileId) throw new StepInputError(`run parameter '${input.parameter}' was not given`, "missing_parameter");
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

function filePlan(file: UploadedFile, input: Omit<ResolvedInput, "fileId" | "fileName" | "sha256" | "rowCount">): InputPlan {
  // The step's own adapter wins; otherwise the one the file was recognized (or chosen) to be read through.
  const resolved = { ...input, adapter: input.adapter ?? file.format?.adapter ?? undefined };
  return {
    type: "file",
    file: { id: file.id, name: file.name, storageKey: file.storageKey, sha256: file.sha256, policy: file.policy, detectedSchema: file.detectedSchema },
    ...(resolved.adapter ? { adapter: resolved.adapter } : {}),
    resolved: stripUndefined({ ...resolved, fileId: file.id, fileName: file.name, sha256: file.sha256 }),
    origin: { type: "file", id: file.id },
  };
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
