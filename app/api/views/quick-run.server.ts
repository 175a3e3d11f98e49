import type { OrgContext } from "~/core/access";
import { exceptionStats } from "~/modules/exceptions/index.server";
import { getFile } from "~/modules/files/index.server";
import { getReconciliation, unmatchedGroups, type UnmatchedGroup } from "~/modules/reconciliations/index.server";
import { matchRates } from "~/core/engine/match-rate";
import { getRuleSet } from "~/modules/rule-sets/index.server";
import { listStepRunArtifacts } from "~/modules/streams/index.server";
import { serializeReconciliation } from "./reconciliations";
import { serializeArtifact } from "./runs";

/**
 * What the results page shows: the reconciliation as the API reports it,
 * its exceptions by type with their amounts per currency (from the
 * exceptions themselves, the same numbers the exceptions grid filters to),
 * the run's artifacts once it has any, the match rates by rows and by
 * amount, and the biggest groups of unmatched rows with what they lack.
 */
export async function getQuickRunResults(ctx: OrgContext, id: string) {
  const view = await getReconciliation(ctx, id);
  const reconciliation = serializeReconciliation(view);
  const [sourceFile, targetFile, ruleSet, stats, artifacts, unmatched] = await Promise.all([
    getFile(ctx, reconciliation.sourceFileId),
    getFile(ctx, reconciliation.targetFileId),
    getRuleSet(ctx, reconciliation.ruleSetId),
    view.status === "completed" ? exceptionStats(ctx, { reconciliationId: id }) : null,
    reconciliation.stepRunId && (view.status === "completed" || view.status === "failed") ? listStepRunArtifacts(ctx, reconciliation.stepRunId) : [],
    view.status === "completed" ? unmatchedGroups(ctx, id) : ([] as UnmatchedGroup[]),
  ]);
  return {
    reconciliation,
    failure: view.failure,
    sourceFile: { id: sourceFile.id, name: sourceFile.name, rowCount: sourceFile.rowCount },
    targetFile: { id: targetFile.id, name: targetFile.name, rowCount: targetFile.rowCount },
    ruleSet: { id: ruleSet.ruleSet.id, name: ruleSet.ruleSet.name, version: ruleSet.latestVersion.version },
    exceptionsByType: stats?.byType ?? [],
    exceptionsByStatus: stats?.byStatus ?? [],
    artifacts: artifacts.map(serializeArtifact),
    matchRates: view.metrics ? matchRates(view.metrics.source, view.metrics.target) : null,
    unmatched,
  };
}

export type QuickRunResults = Awaited<ReturnType<typeof getQuickRunResults>>;
