import { and, eq, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import type { Tx } from "~/platform/db/client";
import { streamTriggers, type reconciliationRuns, type uploadedFiles } from "~/platform/db/schema";
import { inboxMatches } from "./inbox-pattern";
import { enqueueTriggeredRun } from "./triggered-run-job.server";

/**
 * Event triggers, queued inside the transaction that records the event: the
 * end of another stream's run, and a file arriving in an inbox. Each queues a
 * start_triggered_run job (firing.server.ts turns it into exactly one run).
 */
type Run = typeof reconciliationRuns.$inferSelect;
type UploadedFile = typeof uploadedFiles.$inferSelect;

const RUN_END_STATES: ReadonlySet<string> = new Set(["succeeded", "failed", "partially_succeeded", "cancelled"]);

/**
 * Called by the orchestrator (through the runtime's runEvents port) in the
 * transaction that ends a run: queues one start per matching run-completion
 * trigger. The job key and the firing's (trigger, run id) dedupe key make a
 * re-delivered completion start nothing new.
 */
export async function enqueueRunCompletionTriggers(tx: Tx, run: Run): Promise<void> {
  if (!RUN_END_STATES.has(run.state)) return;
  const triggers = await tx
    .select()
    .from(streamTriggers)
    .where(
      and(
        eq(streamTriggers.orgId, run.orgId),
        eq(streamTriggers.kind, "run_completion"),
        eq(streamTriggers.enabled, true),
        sql`${streamTriggers.config}->>'upstreamStreamId' = ${run.streamId}`,
      ),
    );
  for (const trigger of triggers) {
    if (trigger.config.kind !== "run_completion") continue;
    if (trigger.config.on === "succeeded" && run.state !== "succeeded") continue;
    await enqueueTriggeredRun(tx, {
      triggerId: trigger.id,
      dedupeKey: run.id,
      runTrigger: { kind: "event", triggerId: trigger.id, event: "run_completion", eventId: run.id },
      parameters: {},
      jobKey: `trigger:${trigger.id}:run:${run.id}`,
    });
  }
}

/**
 * Called by the files service in the transaction that marks a file ready:
 * every enabled inbox trigger whose name or glob matches the file's inbox
 * starts a run with the file's id as its parameter. Keyed by file id, so a
 * re-profiled file (ready again) starts nothing new.
 */
export async function enqueueInboxTriggers(tx: Tx, ctx: OrgContext, file: Pick<UploadedFile, "id" | "inbox">): Promise<void> {
  if (file.inbox === null) return;
  const triggers = await tx
    .select()
    .from(streamTriggers)
    .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.kind, "inbox"), eq(streamTriggers.enabled, true)));
  for (const trigger of triggers) {
    if (trigger.config.kind !== "inbox" || !inboxMatches(trigger.config.inbox, file.inbox)) continue;
    await enqueueTriggeredRun(tx, {
      triggerId: trigger.id,
      dedupeKey: file.id,
      runTrigger: { kind: "event", triggerId: trigger.id, event: "inbox", eventId: file.id },
      parameters: { [trigger.config.parameter]: file.id },
      jobKey: `trigger:${trigger.id}:file:${file.id}`,
    });
  }
}
