import { and, desc, eq, inArray, isNotNull, min } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { reconciliationRuns, reconciliationStreams, streamTriggers } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import type { Run } from "./stream-runs.server";
import { assertStreamsEnabled } from "../definition/feature.server";

/**
 * Runs across streams, for the pages that list them: the latest run of each
 * stream (the streams list) and the org's recent runs (the runs page).
 * Runs of system streams (behind the classic reconciliation API) are left
 * out, as everywhere streams are listed.
 */
export interface RunWithStream {
  run: Run;
  streamName: string;
}

export async function listRecentRuns(ctx: OrgContext, options: { limit: number }): Promise<RunWithStream[]> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const rows = await tx
      .select({ run: reconciliationRuns, streamName: reconciliationStreams.name })
      .from(reconciliationRuns)
      .innerJoin(reconciliationStreams, eq(reconciliationStreams.id, reconciliationRuns.streamId))
      .where(and(eq(reconciliationRuns.orgId, ctx.orgId), eq(reconciliationStreams.system, false)))
      .orderBy(desc(reconciliationRuns.id))
      .limit(options.limit);
    return rows;
  });
}

/** Each given stream's newest run (run ids sort by creation time). */
export async function latestRunsOf(ctx: OrgContext, streamIds: string[]): Promise<Map<string, Run>> {
  if (streamIds.length === 0) return new Map();
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const rows = await tx
      .selectDistinctOn([reconciliationRuns.streamId])
      .from(reconciliationRuns)
      .where(and(eq(reconciliationRuns.orgId, ctx.orgId), inArray(reconciliationRuns.streamId, streamIds)))
      .orderBy(reconciliationRuns.streamId, desc(reconciliationRuns.id));
    return new Map(rows.map((run) => [run.streamId, run]));
  });
}


/** Each given stream's next scheduled fire time over its enabled schedule triggers. */
export async function nextScheduledFires(ctx: OrgContext, streamIds: string[]): Promise<Map<string, Date>> {
  if (streamIds.length === 0) return new Map();
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const rows = await tx
      .select({ streamId: streamTriggers.streamId, next: min(streamTriggers.nextFireAt) })
      .from(streamTriggers)
      .where(
        and(
          eq(streamTriggers.orgId, ctx.orgId),
          inArray(streamTriggers.streamId, streamIds),
          eq(streamTriggers.kind, "schedule"),
          eq(streamTriggers.enabled, true),
          isNotNull(streamTriggers.nextFireAt),
        ),
      )
      .groupBy(streamTriggers.streamId);
    return new Map(rows.filter((row) => row.next !== null).map((row) => [row.streamId, new Date(row.next!)]));
  });
}
