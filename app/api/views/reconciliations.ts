import type { z } from "~/api/zod";
import type { ReconciliationSchema } from "~/api/contracts/reconciliations";
import { summaryOf, type ReconciliationView } from "~/modules/reconciliations/index.server";

export function serializeReconciliation(view: ReconciliationView): z.input<typeof ReconciliationSchema> {
  const row = view.reconciliation;
  return {
    id: row.id,
    object: "reconciliation" as const,
    name: row.name,
    status: view.status,
    sourceFileId: row.sourceFileId,
    targetFileId: row.targetFileId,
    ruleSetId: row.ruleSetId,
    sourceAdapter: row.sourceAdapter,
    targetAdapter: row.targetAdapter,
    summary: summaryOf(view.metrics),
    streamId: row.streamId,
    streamRunId: row.streamRunId,
    stepRunId: row.stepRunId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: view.finishedAt?.toISOString() ?? null,
  };
}
