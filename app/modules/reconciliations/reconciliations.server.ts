import { and, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { getAdapter } from "~/core/adapters";
import { Conflict, NotFound, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import type { StepMetrics } from "~/modules/streams/index.server";
import { newId } from "~/platform/db/ids";
import { reconciliationRuns, reconciliations, reconciliationStepRuns, ruleSets, uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { startStreamRun } from "~/modules/streams/index.server";
import { createStream } from "~/modules/streams/index.server";

/**
 * The classic one-to-one reconciliation, kept for API compatibility. `start`
 * creates a hidden system stream with one step (the two files fixed in its
 * inputs) and runs it through the stream runtime, so results, artifacts,
 * lineage and exceptions are exactly a stream's. Works with the streams
 * feature flag off: the system stream and its run are not the streams
 * feature, they are how this API is implemented.
 *
 * Status: only pending and running are stored. completed/failed are read
 * from the run (succeeded → completed; failed or cancelled → failed), so no
 * hook in the orchestrator is needed and the two can never disagree.
 */
export type Reconciliation = typeof reconciliations.$inferSelect;

export const CLASSIC_STEP_KEY = "reconcile";

export interface ReconciliationInput {
  name: string;
  sourceFileId: string;
  targetFileId: string;
  ruleSetId: string;
  /** Format adapters for files that need one (e.g. shopify_orders); optional, additive to the classic body. */
  sourceAdapter?: string;
  targetAdapter?: string;
}

export interface ReconciliationView {
  reconciliation: Reconciliation;
  status: "pending" | "running" | "completed" | "failed";
  runState: string | null;
  metrics: StepMetrics | null;
  finishedAt: Date | null;
  failure: unknown;
}

export async function createReconciliation(ctx: OrgContext, input: ReconciliationInput): Promise<ReconciliationView> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const errors: ProblemLocation[] = [];
    const fileIds = [...new Set([input.sourceFileId, input.targetFileId])];
    const files = await tx
      .select({ id: uploadedFiles.id, status: uploadedFiles.status })
      .from(uploadedFiles)
      .where(and(eq(uploadedFiles.orgId, ctx.orgId), inArray(uploadedFiles.id, fileIds)));
    const fileById = new Map(files.map((file) => [file.id, file]));
    for (const side of ["source", "target"] as const) {
      const id = side === "source" ? input.sourceFileId : input.targetFileId;
      const file = fileById.get(id);
      const adapter = side === "source" ? input.sourceAdapter : input.targetAdapter;
      if (!file) errors.push({ pointer: `/${side}FileId`, message: `no file '${id}'` });
      // A recognized format is profiled through its adapter, so a file it reads is ready. An adapter named here reads
      // the bytes itself, so a failed generic profile (a plain-table choice) does not stop it.
      else if (file.status === "failed" && !adapter) errors.push({ pointer: `/${side}FileId`, message: `file '${id}' failed profiling; name a format adapter (${side}Adapter) or change the file's format` });
      if (adapter && !getAdapter(adapter)) errors.push({ pointer: `/${side}Adapter`, message: `no format adapter '${adapter}'` });
    }
    const [ruleSet] = await tx.select({ id: ruleSets.id, status: ruleSets.status }).from(ruleSets).where(and(eq(ruleSets.orgId, ctx.orgId), eq(ruleSets.id, input.ruleSetId)));
    if (!ruleSet) errors.push({ pointer: "/ruleSetId", message: `no rule set '${input.ruleSetId}'` });
    else if (ruleSet.status === "archived") errors.push({ pointer: "/ruleSetId", message: `rule set '${input.ruleSetId}' is archived` });
    if (errors.length > 0) throw new ValidationFailed(`The reconciliation has ${errors.length} problem${errors.length === 1 ? "" : "s"}`, { errors });

    const [row] = await tx
      .insert(reconciliations)
      .values({
        id: newId("reconciliation"),
        orgId: ctx.orgId,
        name: input.name.trim(),
        sourceFileId: input.sourceFileId,
        targetFileId: input.targetFileId,
        ruleSetId: input.ruleSetId,
        sourceAdapter: input.sourceAdapter ?? null,
        targetAdapter: input.targetAdapter ?? null,
        createdBy: ctx.actor.label,
      })
      .returning();
    await recordAudit(tx, ctx, { action: "reconciliation.created", resourceType: "reconciliation", resourceId: row!.id, changes: { after: { ...input } } });
    return viewOf(row!, null, null);
  });
}

/**
 * Claims the reconciliation (pending → running, guarded), then creates its
 * system stream and starts the run; if either fails the claim is released,
 * so a failed start can be retried and never leaves a half-started record.
 */
export async function startReconciliation(ctx: OrgContext, id: string): Promise<ReconciliationView> {
  const claimed = await inOrgTransaction(ctx.orgId, async (tx) => {
    const [row] = await tx.select().from(reconciliations).where(and(eq(reconciliations.orgId, ctx.orgId), eq(reconciliations.id, id)));
    if (!row) throw new NotFound("reconciliation", id);
    const [updated] = await tx
      .update(reconciliations)
      .set({ status: "running", startedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(reconciliations.orgId, ctx.orgId), eq(reconciliations.id, id), eq(reconciliations.status, "pending")))
      .returning();
    if (!updated) throw new Conflict(`Reconciliation '${id}' has already been started`);
    return updated;
  });
  try {
    const { stream } = await createStream(ctx, {
      name: `Reconciliation: ${claimed.name}`,
      system: true,
      origin: { kind: "reconciliation", reconciliationId: id },
      definition: {
        settings: { failurePolicy: "STOP_ON_FAILURE", retentionDays: 90, matchedArtifact: false, parameters: [], layout: { nodes: {} } },
        steps: [
          {
            key: CLASSIC_STEP_KEY,
            name: claimed.name,
            ruleSetId: claimed.ruleSetId,
            ruleSetVersion: null,
            inputs: {
              source: { kind: "FILE", fileId: claimed.sourceFileId, ...(claimed.sourceAdapter ? { adapter: claimed.sourceAdapter } : {}) },
              target: { kind: "FILE", fileId: claimed.targetFileId, ...(claimed.targetAdapter ? { adapter: claimed.targetAdapter } : {}) },
            },
            dependsOn: [],
            critical: true,
            retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 60_000 },
            timeoutMs: 30 * 60_000,
          },
        ],
      },
    });
    const run = await startStreamRun(ctx, stream.id, { trigger: { kind: "reconciliation", reconciliationId: id, actorLabel: ctx.actor.label } });
    return await inOrgTransaction(ctx.orgId, async (tx) => {
      const [stepRun] = await tx
        .select({ id: reconciliationStepRuns.id })
        .from(reconciliationStepRuns)
        .where(and(eq(reconciliationStepRuns.orgId, ctx.orgId), eq(reconciliationStepRuns.runId, run.id)));
      const [updated] = await tx
        .update(reconciliations)
        .set({ streamId: stream.id, streamRunId: run.id, stepRunId: stepRun?.id ?? null, updatedAt: new Date() })
        .where(and(eq(reconciliations.orgId, ctx.orgId), eq(reconciliations.id, id)))
        .returning();
      await recordAudit(tx, ctx, {
        action: "reconciliation.started",
        resourceType: "reconciliation",
        resourceId: id,
        changes: { before: { status: "pending" }, after: { status: "running", streamId: stream.id, streamRunId: run.id, stepRunId: stepRun?.id ?? null } },
      });
      return viewOf(updated!, null, null);
    });
  } catch (error) {
    await inOrgTransaction(ctx.orgId, (tx) =>
      tx
        .update(reconciliations)
        .set({ status: "pending", startedAt: null, updatedAt: new Date() })
        .where(and(eq(reconciliations.orgId, ctx.orgId), eq(reconciliations.id, id), eq(reconciliations.status, "running"))),
    );
    throw error;
  }
}

type RunRow = Pick<typeof reconciliationRuns.$inferSelect, "state" | "finishedAt">;
type StepRunRow = Pick<typeof reconciliationStepRuns.$inferSelect, "metrics" | "failure">;

function viewOf(row: Reconciliation, run: RunRow | null, stepRun: StepRunRow | null): ReconciliationView {
  let status: ReconciliationView["status"] = row.status;
  if (row.status === "running" && run) {
    if (run.state === "succeeded") status = "completed";
    else if (run.state === "failed" || run.state === "cancelled" || run.state === "partially_succeeded") status = "failed";
  }
  return {
    reconciliation: row,
    status,
    runState: run?.state ?? null,
    metrics: status === "completed" ? (stepRun?.metrics ?? null) : null,
    finishedAt: status === "completed" || status === "failed" ? (run?.finishedAt ?? null) : null,
    failure: status === "failed" ? (stepRun?.failure ?? null) : null,
  };
}

async function selectViews(ctx: OrgContext, conditions: SQL[], limit: number): Promise<ReconciliationView[]> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const rows = await tx
      .select({ reconciliation: reconciliations, run: { state: reconciliationRuns.state, finishedAt: reconciliationRuns.finishedAt }, stepRun: { metrics: reconciliationStepRuns.metrics, failure: reconciliationStepRuns.failure } })
      .from(reconciliations)
      .leftJoin(reconciliationRuns, and(eq(reconciliationRuns.orgId, reconciliations.orgId), eq(reconciliationRuns.id, reconciliations.streamRunId)))
      .leftJoin(reconciliationStepRuns, and(eq(reconciliationStepRuns.orgId, reconciliations.orgId), eq(reconciliationStepRuns.id, reconciliations.stepRunId)))
      .where(and(eq(reconciliations.orgId, ctx.orgId), ...conditions))
      .orderBy(desc(reconciliations.id))
      .limit(limit);
    return rows.map((row) => viewOf(row.reconciliation, row.run?.state ? row.run : null, row.stepRun));
  });
}

export async function getReconciliation(ctx: OrgContext, id: string): Promise<ReconciliationView> {
  const [view] = await selectViews(ctx, [eq(reconciliations.id, id)], 1);
  if (!view) throw new NotFound("reconciliation", id);
  return view;
}

export async function listReconciliations(ctx: OrgContext, options: { limit: number; cursor?: string }): Promise<{ data: ReconciliationView[]; nextCursor: string | null }> {
  const views = await selectViews(ctx, options.cursor ? [lt(reconciliations.id, options.cursor)] : [], options.limit + 1);
  const data = views.slice(0, options.limit);
  return { data, nextCursor: views.length > options.limit ? data.at(-1)!.reconciliation.id : null };
}

/** The classic summary, from the step run's metrics. */
export function summaryOf(metrics: StepMetrics | null) {
  if (!metrics) return null;
  return {
    sourceRows: metrics.source.rows,
    targetRows: metrics.target.rows,
    matched: metrics.matches,
    unmatchedSource: metrics.source.unmatched,
    unmatchedTarget: metrics.target.unmatched,
    exceptionsByType: metrics.exceptionsByType as Record<string, number>,
  };
}

