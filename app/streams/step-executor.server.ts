import { and, eq, sql } from "drizzle-orm";
import type { OrgContext } from "~/auth/actor";
import { systemActor } from "~/auth/actor";
import { reconcile, type ReconcileOutput } from "~/engine/reconcile";
import type { RuleSetDefinition } from "~/engine/rule-set";
import { getEnv } from "~/env.server";
import { getLogger } from "~/observability/logger.server";
import { recordAudit } from "~/services/audit.server";
import { carryForwardExceptions } from "~/services/exceptions/carry-forward.server";
import { lockStorageKey, releaseStoredObject } from "~/services/files.server";
import { getArtifactStore, type StoredObject } from "~/storage/index.server";
import { newId } from "../../db/ids";
import {
  exceptions,
  reconciliationArtifacts,
  reconciliationLineageEvents,
  reconciliationRuns,
  reconciliationSteps,
  reconciliationStepRuns,
  reconciliationStreamVersions,
  ruleSetVersions,
  uploadedFiles,
} from "../../db/schema";
import { inOrgTransaction } from "../../db/tenancy";
import { artifactColumns, artifactCsvChunks, canonicalFieldsOf, canonicalReader, csvCell } from "./artifacts/artifact-csv";
import { storeArtifactCsv } from "./artifacts/artifact-io.server";
import type { StreamSettings } from "./definition";
import { buildExceptionRecords, type ExceptionRecord } from "./exception-records";
import { backoffDelayMs, classifyFailure, StepCancelledError, StepInputError, StepTimeoutError } from "./failure";
import { consumedOutputs } from "./graph";
import { resolveStepInput, type InputProvider } from "./input-resolver.server";
import { advanceRun, enqueueStepRun, lockRun } from "./orchestrator.server";
import type { ArtifactColumn, AttemptRecord, StepFailure, StepMetrics } from "./runtime-types";
import { transitionStepRun, type StepRun } from "./state/step-run-state.server";
import { passGate } from "./test-gates.server";

/**
 * One step attempt, as one idempotent unit:
 *   1. claim the step (queued|retrying → running, guarded in SQL);
 *   2. resolve its inputs;
 *   3. run the engine (pure);
 *   4. write the artifacts to storage (content-addressed, so a retry writes
 *      the same keys);
 *   5. in one transaction keyed by the step run: artifact rows, exceptions,
 *      lineage, metrics and the state change — and the orchestrator's next
 *      decisions, with the jobs they queue.
 * A re-delivered job for a step that is no longer queued finds nothing to
 * claim and returns; a retried attempt's inserts hit unique keys and add
 * nothing. Between phases the attempt checks for cancellation and its
 * timeout, and stops without committing.
 */
type ArtifactType = (typeof reconciliationArtifacts.$inferInsert)["artifactType"];

interface PreparedArtifact {
  type: ArtifactType;
  stored: StoredObject;
  rowCount: number;
  columns: ArtifactColumn[];
  fileName: string;
}

interface StepContext {
  ctx: OrgContext;
  stepRun: StepRun;
  run: typeof reconciliationRuns.$inferSelect;
  step: typeof reconciliationSteps.$inferSelect;
  settings: StreamSettings;
  consumed: Set<string>;
  definition: RuleSetDefinition;
  startedAt: number;
}

export type StepOutcome = "succeeded" | "retrying" | "failed" | "cancelled" | "skipped_not_claimed" | "deferred";

export async function executeStepRun(orgId: string, stepRunId: string, options: { random?: () => number } = {}): Promise<StepOutcome> {
  const ctx: OrgContext = { orgId, actor: systemActor("worker:run_step") };
  const claim = await claimStepRun(ctx, stepRunId);
  if (claim.kind !== "claimed") return claim.kind === "deferred" ? "deferred" : "skipped_not_claimed";
  const context = claim.context;
  const stored: StoredObject[] = [];
  try {
    const timings = { resolveMs: 0, engineMs: 0, writeMs: 0, commitMs: 0 };
    let mark = performance.now();
    const source = await resolveStepInput({ ctx, runId: context.run.id, parameters: context.run.parameters }, context.step.inputs.source);
    const target = await resolveStepInput({ ctx, runId: context.run.id, parameters: context.run.parameters }, context.step.inputs.target);
    timings.resolveMs = performance.now() - mark;
    await passGate("after_resolve");
    await checkpoint(context);

    mark = performance.now();
    const output = reconcile({ source: source.table, target: target.table, definition: context.definition });
    const records = buildExceptionRecords(output.result, {
      stepKey: context.step.key,
      definition: context.definition,
      source: output.source,
      target: output.target,
      forwarded: { source: context.consumed.has("STEP_OUTPUT_UNMATCHED_SOURCE"), target: context.consumed.has("STEP_OUTPUT_UNMATCHED_TARGET") },
    });
    timings.engineMs = performance.now() - mark;
    await checkpoint(context);

    mark = performance.now();
    const artifacts = await writeArtifacts(context, output, records.records, stored);
    timings.writeMs = performance.now() - mark;
    await checkpoint(context);

    mark = performance.now();
    const committed = await commitStepRun(context, { source, target, output, records, artifacts, timings });
    timings.commitMs = performance.now() - mark;
    return committed;
  } catch (error) {
    // Bytes stored by an attempt that committed nothing must not linger (released only if no row references them).
    for (const object of stored) await releaseStoredObject(ctx, object.key).catch(() => undefined);
    if (error instanceof StepCancelledError) return recordCancelled(context);
    const failure = classifyFailure(error);
    if (failure.code === "unexpected") getLogger().error({ err: error, orgId, stepRunId }, "step attempt failed unexpectedly");
    return recordFailure(context, failure, options.random ?? Math.random);
  }
}

// ---- 1. Claim

type Claim = { kind: "claimed"; context: StepContext } | { kind: "not_claimed" } | { kind: "deferred" };

async function claimStepRun(ctx: OrgContext, stepRunId: string): Promise<Claim> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [current] = await tx
      .select()
      .from(reconciliationStepRuns)
      .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRunId)));
    if (!current || (current.state !== "queued" && current.state !== "retrying")) return { kind: "not_claimed" };
    const run = (await lockRun(tx, ctx.orgId, current.runId))!;
    if (run.state === "cancelling") {
      await transitionStepRun(tx, ctx.orgId, stepRunId, current.state, "cancelled", { finishedAt: new Date(), nextAttemptAt: null });
      await advanceRun(tx, ctx.orgId, run.id);
      return { kind: "not_claimed" };
    }
    // Fairness: at most STEP_CONCURRENCY_PER_ORG running steps per org, counted under an org-wide lock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`step-slots:${ctx.orgId}`}))`);
    const [{ running }] = (await tx.execute(
      sql`select count(*)::int as running from reconciliation_step_runs where org_id = ${ctx.orgId} and state = 'running'`,
    )) as unknown as [{ running: number }];
    if (running >= getEnv().STEP_CONCURRENCY_PER_ORG) {
      await enqueueStepRun(tx, stepRunId, new Date(Date.now() + 1_000));
      return { kind: "deferred" };
    }
    const attempt = current.attempt + 1;
    const now = new Date();
    const record: AttemptRecord = { attempt, idempotencyKey: `${stepRunId}:${attempt}`, startedAt: now.toISOString(), finishedAt: null, outcome: "running", durationMs: null };
    const stepRun = await transitionStepRun(tx, ctx.orgId, stepRunId, current.state, "running", {
      attempt,
      idempotencyKey: record.idempotencyKey,
      attempts: [...current.attempts, record],
      startedAt: current.startedAt ?? now,
      nextAttemptAt: null,
    });
    if (!stepRun) return { kind: "not_claimed" };
    const [step] = await tx.select().from(reconciliationSteps).where(and(eq(reconciliationSteps.orgId, ctx.orgId), eq(reconciliationSteps.id, stepRun.stepId)));
    const allSteps = await tx.select().from(reconciliationSteps).where(and(eq(reconciliationSteps.orgId, ctx.orgId), eq(reconciliationSteps.streamVersionId, step!.streamVersionId)));
    const [version] = await tx
      .select({ settings: reconciliationStreamVersions.settings })
      .from(reconciliationStreamVersions)
      .where(and(eq(reconciliationStreamVersions.orgId, ctx.orgId), eq(reconciliationStreamVersions.id, step!.streamVersionId)));
    const [ruleSetVersion] = await tx.select().from(ruleSetVersions).where(and(eq(ruleSetVersions.orgId, ctx.orgId), eq(ruleSetVersions.id, stepRun.ruleSetVersionId!)));
    const consumed = consumedOutputs(allSteps.map((row) => ({ key: row.key, inputs: row.inputs }) as never)).get(step!.key) ?? new Set<string>();
    return {
      kind: "claimed",
      context: {
        ctx,
        stepRun,
        run,
        step: step!,
        settings: version!.settings as StreamSettings,
        consumed,
        definition: ruleSetVersion!.definition,
        startedAt: Date.now(),
      },
    };
  });
}

/** Between phases: stop without committing if the run is being cancelled or the attempt ran out of time. */
async function checkpoint(context: StepContext): Promise<void> {
  const [run] = await inOrgTransaction(context.ctx.orgId, (tx) =>
    tx.select({ state: reconciliationRuns.state }).from(reconciliationRuns).where(and(eq(reconciliationRuns.orgId, context.ctx.orgId), eq(reconciliationRuns.id, context.run.id))),
  );
  if (run?.state === "cancelling" || run?.state === "cancelled") throw new StepCancelledError(`run ${context.run.id} is being cancelled`);
  if (Date.now() - context.startedAt > context.step.timeoutMs) throw new StepTimeoutError(`step '${context.step.key}' ran longer than its timeout of ${context.step.timeoutMs} ms`);
}

// ---- 4. Artifacts

async function writeArtifacts(context: StepContext, output: ReconcileOutput, records: ExceptionRecord[], stored: StoredObject[]): Promise<PreparedArtifact[]> {
  const { definition } = context;
  const sourceFields = canonicalFieldsOf(definition.source.mappings);
  const targetFields = canonicalFieldsOf(definition.target.mappings);
  const leftovers = leftoverRows(output);
  const prepared: PreparedArtifact[] = [];
  const name = (suffix: string) => `${context.run.id}-${context.step.key}-${suffix}.csv.gz`;
  const keep = async (type: ArtifactType, suffix: string, chunks: Iterable<string>, rowCount: number, columns: ArtifactColumn[]) => {
    const object = await storeArtifactCsv(chunks);
    stored.push(object);
    prepared.push({ type, stored: object, rowCount, columns, fileName: name(suffix) });
  };

  await keep("UNMATCHED_SOURCE", "unmatched_source", artifactCsvChunks(output.source, sourceFields, leftovers.source), leftovers.source.length, artifactColumns(output.source.raw.columns, sourceFields));
  await keep("UNMATCHED_TARGET", "unmatched_target", artifactCsvChunks(output.target, targetFields, leftovers.target), leftovers.target.length, artifactColumns(output.target.raw.columns, targetFields));

  const excluded = excludedRows(output);
  if (excluded.source.length + excluded.target.length > 0) {
    const rows = [...excluded.source.map((row) => ["source", row] as const), ...excluded.target.map((row) => ["target", row] as const)];
    await keep("EXCLUDED", "excluded", excludedCsv(output, rows, sourceFields, targetFields), rows.length, [
      { name: "_side", role: "system" },
      { name: "_source_file", role: "system" },
      { name: "_source_line", role: "system" },
      ...[...new Set([...sourceFields, ...targetFields])].map((field) => ({ name: `@${field}`, role: "canonical" as const })),
    ]);
  }
  if (context.settings.matchedArtifact || context.consumed.has("STEP_OUTPUT_MATCHED")) {
    const matched = matchedSourceRows(output);
    const extraColumns = [
      { name: "_match_id", value: (row: number) => matched.matchOf.get(row)?.id ?? null },
      { name: "_match_pass", value: (row: number) => matched.matchOf.get(row)?.pass ?? null },
      { name: "_counterpart_lines", value: (row: number) => matched.matchOf.get(row)?.counterparts ?? null },
    ];
    await keep(
      "MATCHED",
      "matched",
      artifactCsvChunks(output.source, sourceFields, matched.rows, extraColumns),
      matched.rows.length,
      artifactColumns(output.source.raw.columns, sourceFields, extraColumns.map((column) => column.name)),
    );
  }
  await keep("EXCEPTIONS", "exceptions", exceptionsCsv(records), records.length, EXCEPTION_COLUMNS.map((column) => ({ name: column, role: "system" as const })));
  return prepared;
}

/**
 * The rows no rule found a counterpart for (the MISSING_* leftovers): what a
 * downstream step consumes. Rows in other exceptions (an amount mismatch,
 * a duplicate, a tie) had a candidate; they stay with this step for a person.
 */
function leftoverRows(output: ReconcileOutput): { source: number[]; target: number[] } {
  const source: number[] = [];
  const target: number[] = [];
  for (const exception of output.result.exceptions) {
    if (exception.type === "MISSING_IN_TARGET") source.push(...exception.sourceRows);
    if (exception.type === "MISSING_IN_SOURCE") target.push(...exception.targetRows);
  }
  return { source: source.sort((a, b) => a - b), target: target.sort((a, b) => a - b) };
}

function excludedRows(output: ReconcileOutput): { source: number[]; target: number[] } {
  const source: number[] = [];
  const target: number[] = [];
  for (const exception of output.result.exceptions) {
    if (exception.type !== "EXCLUDED") continue;
    source.push(...exception.sourceRows);
    target.push(...exception.targetRows);
  }
  return { source: source.sort((a, b) => a - b), target: target.sort((a, b) => a - b) };
}

function* excludedCsv(output: ReconcileOutput, rows: ReadonlyArray<readonly ["source" | "target", number]>, sourceFields: string[], targetFields: string[]): Generator<string> {
  const fields = [...new Set([...sourceFields, ...targetFields])];
  const readers = {
    source: fields.map((field) => (sourceFields.includes(field) ? canonicalReader(output.source, field) : () => null)),
    target: fields.map((field) => (targetFields.includes(field) ? canonicalReader(output.target, field) : () => null)),
  };
  let chunk = ["_side", "_source_file", "_source_line", ...fields.map((field) => `@${field}`)].map(csvCell).join(",") + "\n";
  for (const [side, row] of rows) {
    const table = side === "source" ? output.source : output.target;
    const { provenance } = table.raw;
    chunk += [side, provenance.sourceIds[provenance.sourceIndex[row]!]!, String(provenance.line[row]!), ...readers[side].map((read) => read(row))].map(csvCell).join(",") + "\n";
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
}


function matchedSourceRows(output: ReconcileOutput) {
  const matchOf = new Map<number, { id: string; pass: string; counterparts: string }>();
  const { provenance } = output.target.raw;
  output.result.matches.forEach((match, index) => {
    const counterparts = match.targetRows.map((row) => `${provenance.sourceIds[provenance.sourceIndex[row]!]}:${provenance.line[row]}`).join(";");
    for (const row of match.sourceRows) matchOf.set(row, { id: `m${index + 1}`, pass: match.pass, counterparts });
  });
  return { rows: [...matchOf.keys()].sort((a, b) => a - b), matchOf };
}

const EXCEPTION_COLUMNS = ["ordinal", "type", "severity", "pass", "amount_minor", "amount_difference_minor", "currency", "message", "source_rows", "target_rows"];

function* exceptionsCsv(records: ExceptionRecord[]): Generator<string> {
  let chunk = EXCEPTION_COLUMNS.join(",") + "\n";
  const refs = (rows: ExceptionRecord["sourceRows"]) => rows.map((row) => `${row.sourceId}:${row.line}`).join(";");
  for (const record of records) {
    chunk +=
      [
        String(record.ordinal),
        record.type,
        record.severity,
        record.pass,
        record.amountMinor === null ? null : String(record.amountMinor),
        record.amountDifferenceMinor === null ? null : String(record.amountDifferenceMinor),
        record.currency,
        record.message,
        refs(record.sourceRows),
        refs(record.targetRows),
      ]
        .map(csvCell)
        .join(",") + "\n";
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
}

// ---- 5. Commit

interface Results {
  source: InputProvider;
  target: InputProvider;
  output: ReconcileOutput;
  records: ReturnType<typeof buildExceptionRecords>;
  artifacts: PreparedArtifact[];
  timings: { resolveMs: number; engineMs: number; writeMs: number; commitMs: number };
}

const INSERT_BATCH = 500;

async function commitStepRun(context: StepContext, results: Results): Promise<StepOutcome> {
  const { ctx, stepRun, run } = context;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const locked = (await lockRun(tx, ctx.orgId, run.id))!;
    const [current] = await tx.select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRun.id)));
    // Another attempt or a cancellation got there first: this attempt's results are not the step's.
    if (!current || current.state !== "running" || current.attempt !== stepRun.attempt) return "skipped_not_claimed";
    if (locked.state === "cancelling") throw new StepCancelledError(`run ${run.id} is being cancelled`);
    const now = new Date();
    const retentionUntil = new Date(now.getTime() + context.settings.retentionDays * 86_400_000);

    const artifactIds = new Map<ArtifactType, string>();
    const existing = await tx
      .select({ type: reconciliationArtifacts.artifactType })
      .from(reconciliationArtifacts)
      .where(and(eq(reconciliationArtifacts.orgId, ctx.orgId), eq(reconciliationArtifacts.stepRunId, stepRun.id)));
    const alreadyWritten = new Set(existing.map((row) => row.type));
    for (const artifact of results.artifacts) {
      if (alreadyWritten.has(artifact.type)) continue;
      // Identical rows give identical bytes, so another run's artifact may share this object: under the
      // key's lock, a retention purge cannot release it between our check and our row.
      await lockStorageKey(tx, artifact.stored.key);
      if (!(await getArtifactStore().exists(artifact.stored.key))) {
        throw new StepInputError(`stored artifact ${artifact.stored.key} was released before it was recorded`, "storage_io", "transient");
      }
      const fileId = newId("file");
      await tx.insert(uploadedFiles).values({
        id: fileId,
        orgId: ctx.orgId,
        name: artifact.fileName,
        mime: "application/gzip",
        size: artifact.stored.size,
        sha256: artifact.stored.sha256,
        storageKey: artifact.stored.key,
        status: "ready",
        kind: "artifact",
        rowCount: artifact.rowCount,
        tags: [`run:${run.id}`, `step:${context.step.key}`],
        createdBy: ctx.actor.label,
      });
      const [inserted] = await tx
        .insert(reconciliationArtifacts)
        .values({
          id: newId("artifact"),
          orgId: ctx.orgId,
          runId: run.id,
          stepRunId: stepRun.id,
          fileId,
          artifactType: artifact.type,
          storagePath: artifact.stored.key,
          checksum: artifact.stored.sha256,
          size: artifact.stored.size,
          rowCount: artifact.rowCount,
          columns: artifact.columns,
          retentionDays: context.settings.retentionDays,
          retentionUntil,
        })
        .onConflictDoNothing()
        .returning({ id: reconciliationArtifacts.id });
      if (inserted) artifactIds.set(artifact.type, inserted.id);
    }

    for (let start = 0; start < results.records.records.length; start += INSERT_BATCH) {
      const batch = results.records.records.slice(start, start + INSERT_BATCH);
      await tx
        .insert(exceptions)
        .values(
          batch.map((record) => ({
            id: newId("exception"),
            orgId: ctx.orgId,
            streamId: run.streamId,
            streamRunId: run.id,
            stepRunId: stepRun.id,
            stepKey: context.step.key,
            ordinal: record.ordinal,
            type: record.type,
            severity: record.severity,
            pass: record.pass,
            message: record.message,
            amountMinor: record.amountMinor,
            amountDifferenceMinor: record.amountDifferenceMinor,
            currency: record.currency,
            sourceRows: record.sourceRows,
            targetRows: record.targetRows,
            reason: record.reason,
            fingerprint: record.fingerprint,
            searchText: record.searchText,
            firstSeenAt: now,
          })),
        )
        .onConflictDoNothing();
    }
    // Same transaction: a case links to its earlier run, or an item that vanished resolves, exactly when the step's exceptions land.
    await carryForwardExceptions(tx, ctx, { run: locked, stepRunId: stepRun.id, stepKey: context.step.key, now });

    const lineage = [
      lineageOf(results.source, stepRun.id, "source"),
      lineageOf(results.target, stepRun.id, "target"),
      ...[...artifactIds].map(([type, id]) => ({ fromType: "step_run" as const, fromId: stepRun.id, toType: "artifact" as const, toId: id, details: { artifactType: type } })),
    ];
    await tx
      .insert(reconciliationLineageEvents)
      .values(lineage.map((edge) => ({ ...edge, id: newId("lineageEvent"), orgId: ctx.orgId, runId: run.id })))
      .onConflictDoNothing();

    const durationMs = Date.now() - context.startedAt;
    const metrics = stepMetrics(results, durationMs, stepRun.attempt);
    const attempts = finishAttempt(current.attempts, stepRun.attempt, { outcome: "succeeded", finishedAt: now, durationMs });
    await transitionStepRun(tx, ctx.orgId, stepRun.id, "running", "succeeded", {
      metrics,
      attempts,
      finishedAt: now,
      resolvedInputs: { source: results.source.resolved, target: results.target.resolved },
      failure: null,
    });
    await advanceRun(tx, ctx.orgId, run.id);
    return "succeeded";
  });
}

function lineageOf(input: InputProvider, stepRunId: string, role: "source" | "target") {
  return { fromType: input.origin.type, fromId: input.origin.id, toType: "step_run" as const, toId: stepRunId, details: { role, kind: input.resolved.kind, sha256: input.resolved.sha256 } };
}

function stepMetrics(results: Results, totalMs: number, attempt: number): StepMetrics {
  const { summary } = results.output.result;
  const exceptionsByType: StepMetrics["exceptionsByType"] = {};
  for (const record of results.records.records) exceptionsByType[record.type as keyof StepMetrics["exceptionsByType"]] = (exceptionsByType[record.type as keyof StepMetrics["exceptionsByType"]] ?? 0) + 1;
  const round = (value: number) => Math.round(value);
  return {
    source: summary.source,
    target: summary.target,
    matches: results.output.result.matches.length,
    matchesByPass: summary.matchesByPass,
    exceptions: results.records.records.length,
    exceptionsByType,
    forwarded: results.records.forwarded,
    excluded: results.records.excluded,
    normalizeIssues: { source: results.output.issues.source.length, target: results.output.issues.target.length },
    timings: { totalMs: round(totalMs), resolveMs: round(results.timings.resolveMs), engineMs: round(results.timings.engineMs), writeMs: round(results.timings.writeMs), commitMs: 0 },
    attempts: attempt,
  };
}

function finishAttempt(attempts: AttemptRecord[], attempt: number, patch: { outcome: AttemptRecord["outcome"]; finishedAt: Date; durationMs: number; failure?: StepFailure; retryDelayMs?: number; retryAt?: Date }): AttemptRecord[] {
  return attempts.map((record) =>
    record.attempt !== attempt
      ? record
      : {
          ...record,
          outcome: patch.outcome,
          finishedAt: patch.finishedAt.toISOString(),
          durationMs: patch.durationMs,
          ...(patch.failure ? { failure: patch.failure } : {}),
          ...(patch.retryDelayMs !== undefined ? { retryDelayMs: patch.retryDelayMs, retryAt: patch.retryAt!.toISOString() } : {}),
        },
  );
}

// ---- Failure and cancellation

async function recordFailure(context: StepContext, failure: StepFailure, random: () => number): Promise<StepOutcome> {
  const { ctx, stepRun } = context;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    await lockRun(tx, ctx.orgId, stepRun.runId);
    const [current] = await tx.select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRun.id)));
    if (!current || current.state !== "running" || current.attempt !== stepRun.attempt) return "skipped_not_claimed";
    const now = new Date();
    const durationMs = Date.now() - context.startedAt;
    const located: StepFailure = { ...failure, attempt: stepRun.attempt, stepKey: context.step.key };
    if (failure.classification === "transient" && stepRun.attempt < current.maxAttempts) {
      const delayMs = backoffDelayMs(context.step.retry, stepRun.attempt, random);
      const retryAt = new Date(now.getTime() + delayMs);
      await transitionStepRun(tx, ctx.orgId, stepRun.id, "running", "retrying", {
        failure: located,
        nextAttemptAt: retryAt,
        attempts: finishAttempt(current.attempts, stepRun.attempt, { outcome: "retrying", finishedAt: now, durationMs, failure: located, retryDelayMs: delayMs, retryAt }),
      });
      await enqueueStepRun(tx, stepRun.id, retryAt);
      return "retrying";
    }
    await transitionStepRun(tx, ctx.orgId, stepRun.id, "running", "failed", {
      failure: located,
      deadLetteredAt: now,
      finishedAt: now,
      attempts: finishAttempt(current.attempts, stepRun.attempt, { outcome: "failed", finishedAt: now, durationMs, failure: located }),
    });
    await recordAudit(tx, ctx, {
      action: "step_run.dead_lettered",
      resourceType: "step_run",
      resourceId: stepRun.id,
      changes: { after: { state: "failed", classification: failure.classification, code: failure.code, message: failure.message, attempt: stepRun.attempt } },
    });
    await advanceRun(tx, ctx.orgId, stepRun.runId);
    return "failed";
  });
}

async function recordCancelled(context: StepContext): Promise<StepOutcome> {
  const { ctx, stepRun } = context;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    await lockRun(tx, ctx.orgId, stepRun.runId);
    const now = new Date();
    const [current] = await tx.select().from(reconciliationStepRuns).where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.id, stepRun.id)));
    if (!current || current.state !== "running") return "skipped_not_claimed";
    await transitionStepRun(tx, ctx.orgId, stepRun.id, "running", "cancelled", {
      finishedAt: now,
      attempts: finishAttempt(current.attempts, stepRun.attempt, { outcome: "cancelled", finishedAt: now, durationMs: Date.now() - context.startedAt }),
    });
    await advanceRun(tx, ctx.orgId, stepRun.runId);
    return "cancelled";
  });
}

