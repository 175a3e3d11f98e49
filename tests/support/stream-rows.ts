import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import type { StepFailure } from "~/core/streams/runtime-types";
import type { RunState } from "~/modules/streams/runtime/state/run-state.server";
import type { StepRunState } from "~/modules/streams/runtime/state/step-run-state.server";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { getArtifactStore } from "~/platform/storage/index.server";
import { getDb } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import {
  reconciliationArtifacts,
  reconciliationLineageEvents,
  reconciliationRuns,
  reconciliationStepRuns,
  reconciliationSteps,
  reconciliationStreams,
  reconciliationStreamVersions,
  uploadedFiles,
  type ARTIFACT_TYPES,
} from "~/platform/db/schema";
import type { TestOrg } from "./factories";

/**
 * Rows of a finished (or failing) stream run, written directly as the table
 * owner (bypassing RLS and the runtime), so tests of the read side — artifacts,
 * downloads, lineage, events, dead letters — need no executor. The run is a
 * chain: step 1 reads input file 0 against input file 1, and each later step
 * reads the previous step's UNMATCHED_SOURCE against the next input file.
 * Artifact bytes are real gzip'd CSV in the real ArtifactStore.
 */
export type ArtifactType = (typeof ARTIFACT_TYPES)[number];

export interface StepRowsSpec {
  key: string;
  state?: StepRunState;
  attempt?: number;
  maxAttempts?: number;
  failure?: StepFailure;
  deadLetteredAt?: Date;
  startedAt?: Date;
  finishedAt?: Date;
  /** Default: UNMATCHED_SOURCE, UNMATCHED_TARGET and EXCEPTIONS for a succeeded step, none otherwise. */
  artifactTypes?: ArtifactType[];
}

export interface StreamRunOptions {
  streamName?: string;
  /** A system stream: the hidden one-step kind behind the classic reconciliation API. */
  system?: boolean;
  runState?: RunState;
  steps?: StepRowsSpec[];
  retentionDays?: number;
  /** When the artifacts were written; retentionUntil is this plus retentionDays. */
  artifactsCreatedAt?: Date;
  /** The CSV an artifact holds; by default rows that name the run, step and type, so no two artifacts share bytes. */
  artifactCsv?: (artifact: { runId: string; stepKey: string; artifactType: ArtifactType; sourceFileId: string }) => string;
}

export interface InsertedFile {
  id: string;
  name: string;
  sha256: string;
  size: number;
  rowCount: number;
}

export interface InsertedArtifact {
  id: string;
  fileId: string;
  stepRunId: string;
  stepKey: string;
  artifactType: ArtifactType;
  checksum: string;
  storageKey: string;
  size: number;
  rowCount: number;
  csv: string;
  bytes: Buffer;
  retentionUntil: Date;
  createdAt: Date;
}

export interface InsertedStepRun {
  id: string;
  stepId: string;
  key: string;
  name: string;
  state: StepRunState;
  artifacts: InsertedArtifact[];
}

export interface InsertedLineageEvent {
  id: string;
  fromType: "file" | "step_run" | "artifact";
  fromId: string;
  toType: "step_run" | "artifact";
  toId: string;
  details: Record<string, unknown>;
}

export interface StreamRunRows {
  streamId: string;
  streamName: string;
  streamVersionId: string;
  ruleSetId: string;
  runId: string;
  inputFiles: InsertedFile[];
  stepRuns: InsertedStepRun[];
  lineage: InsertedLineageEvent[];
}

const DEFAULT_STEPS: StepRowsSpec[] = [{ key: "orders_charges" }, { key: "charges_payouts" }, { key: "payouts_bank" }];
const SUCCEEDED_ARTIFACTS: ArtifactType[] = ["UNMATCHED_SOURCE", "UNMATCHED_TARGET", "EXCEPTIONS"];
const RAN_STATES: readonly StepRunState[] = ["running", "retrying", "succeeded", "failed"];

const ruleSetDefinition = {
  source: { mappings: [{ field: "id", column: "order_id" }] },
  target: { mappings: [{ field: "id", column: "order_id" }] },
  passes: [{ name: "by order id", keys: ["id"] }],
};

export async function insertStreamRun(org: TestOrg, options: StreamRunOptions = {}): Promise<StreamRunRows> {
  const db = getDb();
  const steps = options.steps ?? DEFAULT_STEPS;
  const retentionDays = options.retentionDays ?? 30;
  const artifactsCreatedAt = options.artifactsCreatedAt ?? new Date();
  const runState = options.runState ?? "succeeded";
  const { ruleSet } = await createRuleSet(org.ownerCtx, { name: `Rules ${newId("ruleSet")}`, definition: ruleSetDefinitionSchema.parse(ruleSetDefinition) });

  const inputFiles: InsertedFile[] = [];
  for (let index = 0; index <= steps.length; index++) {
    inputFiles.push(await insertInputFile(org, `input-${index}-${newId("file")}.csv`, index));
  }

  const streamId = newId("stream");
  const streamName = options.streamName ?? "Payouts to bank";
  const streamVersionId = newId("streamVersion");
  const runId = newId("run");
  await db.insert(reconciliationStreams).values({ id: streamId, orgId: org.orgId, name: streamName, system: options.system ?? false, latestVersion: 1, createdBy: "test" });
  await db.insert(reconciliationStreamVersions).values({
    id: streamVersionId,
    orgId: org.orgId,
    streamId,
    version: 1,
    settings: { failurePolicy: "STOP_ON_FAILURE", retentionDays, matchedArtifact: false, parameters: [], layout: { nodes: {} } },
    definitionSha256: "0".repeat(64),
    createdBy: "test",
  });
  const stepIds = steps.map(() => newId("step"));
  await db.insert(reconciliationSteps).values(
    steps.map((step, index) => ({
      id: stepIds[index]!,
      orgId: org.orgId,
      streamVersionId,
      key: step.key,
      name: `Step ${step.key}`,
      position: index,
      ruleSetId: ruleSet.id,
      ruleSetVersion: 1,
      inputs: {
        source: index === 0 ? { kind: "FILE" as const, fileId: inputFiles[0]!.id } : { kind: "STEP_OUTPUT_UNMATCHED_SOURCE" as const, stepKey: steps[index - 1]!.key },
        target: { kind: "FILE" as const, fileId: inputFiles[index + 1]!.id },
      },
      dependsOn: index === 0 ? [] : [steps[index - 1]!.key],
      retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60000 },
      timeoutMs: 60_000,
    })),
  );
  const finished = ["succeeded", "failed", "partially_succeeded", "cancelled"].includes(runState);
  await db.insert(reconciliationRuns).values({
    id: runId,
    orgId: org.orgId,
    streamId,
    streamVersionId,
    streamVersion: 1,
    state: runState,
    trigger: { kind: "manual", actorType: "user", actorId: org.ownerUserId, actorLabel: org.ownerEmail },
    createdBy: org.ownerEmail,
    startedAt: runState === "queued" ? null : new Date(),
    finishedAt: finished ? new Date() : null,
  });

  const stepRuns: InsertedStepRun[] = [];
  const lineage: InsertedLineageEvent[] = [];
  for (const [index, step] of steps.entries()) {
    const state = step.state ?? "succeeded";
    const stepRunId = newId("stepRun");
    const attempt = step.attempt ?? (state === "pending" || state === "queued" || state === "skipped" ? 0 : 1);
    const ran = RAN_STATES.includes(state);
    const startedAt = step.startedAt ?? (ran ? new Date(Date.now() - 2_000) : null);
    const finishedAt = step.finishedAt ?? (state === "succeeded" || state === "failed" ? new Date() : null);
    await db.insert(reconciliationStepRuns).values({
      id: stepRunId,
      orgId: org.orgId,
      runId,
      stepId: stepIds[index]!,
      stepKey: step.key,
      position: index,
      state,
      attempt,
      maxAttempts: step.maxAttempts ?? 3,
      idempotencyKey: state === "succeeded" ? `${stepRunId}:${attempt}` : null,
      failure: step.failure ?? null,
      deadLetteredAt: step.deadLetteredAt ?? null,
      startedAt,
      finishedAt,
    });
    const inserted: InsertedStepRun = { id: stepRunId, stepId: stepIds[index]!, key: step.key, name: `Step ${step.key}`, state, artifacts: [] };
    stepRuns.push(inserted);

    if (ran) {
      const upstreamArtifact = index === 0 ? undefined : stepRuns[index - 1]!.artifacts.find((artifact) => artifact.artifactType === "UNMATCHED_SOURCE");
      if (index === 0) lineage.push(lineageEvent("file", inputFiles[0]!.id, "step_run", stepRunId, { role: "source" }));
      else if (upstreamArtifact) lineage.push(lineageEvent("artifact", upstreamArtifact.id, "step_run", stepRunId, { role: "source" }));
      lineage.push(lineageEvent("file", inputFiles[index + 1]!.id, "step_run", stepRunId, { role: "target" }));
    }
    const types = step.artifactTypes ?? (state === "succeeded" ? SUCCEEDED_ARTIFACTS : []);
    for (const artifactType of types) {
      const artifact = await insertArtifact(org, {
        runId,
        stepRunId,
        stepKey: step.key,
        artifactType,
        sourceFileId: inputFiles[0]!.id,
        retentionDays,
        createdAt: artifactsCreatedAt,
        csv: options.artifactCsv,
      });
      inserted.artifacts.push(artifact);
      lineage.push(lineageEvent("step_run", stepRunId, "artifact", artifact.id, { artifactType }));
    }
  }
  if (lineage.length > 0) {
    await db.insert(reconciliationLineageEvents).values(lineage.map((event) => ({ ...event, orgId: org.orgId, runId })));
  }
  return { streamId, streamName, streamVersionId, ruleSetId: ruleSet.id, runId, inputFiles, stepRuns, lineage };
}

function lineageEvent(
  fromType: InsertedLineageEvent["fromType"],
  fromId: string,
  toType: InsertedLineageEvent["toType"],
  toId: string,
  details: Record<string, unknown>,
): InsertedLineageEvent {
  return { id: newId("lineageEvent"), fromType, fromId, toType, toId, details };
}

async function insertInputFile(org: TestOrg, name: string, index: number): Promise<InsertedFile> {
  const content = `order_id,amount\nA-${index}-1,10.00\nA-${index}-2,20.00\n`;
  const stored = await getArtifactStore().put(Readable.from([Buffer.from(content)]));
  const id = newId("file");
  await getDb().insert(uploadedFiles).values({
    id,
    orgId: org.orgId,
    name,
    mime: "text/csv",
    size: stored.size,
    sha256: stored.sha256,
    storageKey: stored.key,
    status: "ready",
    kind: "upload",
    rowCount: 2,
    createdBy: "test",
  });
  return { id, name, sha256: stored.sha256, size: stored.size, rowCount: 2 };
}

async function insertArtifact(
  org: TestOrg,
  input: {
    runId: string;
    stepRunId: string;
    stepKey: string;
    artifactType: ArtifactType;
    sourceFileId: string;
    retentionDays: number;
    createdAt: Date;
    csv: StreamRunOptions["artifactCsv"];
  },
): Promise<InsertedArtifact> {
  const csv =
    input.csv?.(input) ??
    `_source_file,_source_line,order_id,amount,@amount\n` +
      `${input.sourceFileId},2,${input.runId}:${input.stepKey}:${input.artifactType}:1,10.00,1000\n` +
      `${input.sourceFileId},3,${input.runId}:${input.stepKey}:${input.artifactType}:2,20.00,2000\n`;
  const rowCount = csv.trimEnd().split("\n").length - 1;
  const bytes = gzipSync(Buffer.from(csv));
  const stored = await getArtifactStore().put(Readable.from([bytes]));
  const fileId = newId("file");
  const id = newId("artifact");
  const name = `${input.runId}-${input.stepKey}-${input.artifactType.toLowerCase()}.csv.gz`;
  await getDb().insert(uploadedFiles).values({
    id: fileId,
    orgId: org.orgId,
    name,
    mime: "application/gzip",
    size: stored.size,
    sha256: stored.sha256,
    storageKey: stored.key,
    status: "ready",
    kind: "artifact",
    rowCount,
    createdBy: "test",
  });
  const retentionUntil = new Date(input.createdAt.getTime() + input.retentionDays * 86_400_000);
  await getDb().insert(reconciliationArtifacts).values({
    id,
    orgId: org.orgId,
    runId: input.runId,
    stepRunId: input.stepRunId,
    fileId,
    artifactType: input.artifactType,
    storagePath: stored.key,
    checksum: stored.sha256,
    size: stored.size,
    rowCount,
    columns: [
      { name: "_source_file", role: "system" },
      { name: "_source_line", role: "system" },
      { name: "order_id", role: "original" },
      { name: "amount", role: "original" },
      { name: "@amount", role: "canonical" },
    ],
    retentionDays: input.retentionDays,
    retentionUntil,
    createdAt: input.createdAt,
  });
  return {
    id,
    fileId,
    stepRunId: input.stepRunId,
    stepKey: input.stepKey,
    artifactType: input.artifactType,
    checksum: stored.sha256,
    storageKey: stored.key,
    size: stored.size,
    rowCount,
    csv,
    bytes,
    retentionUntil,
    createdAt: input.createdAt,
  };
}
