import { and, asc, eq, lte } from "drizzle-orm";
import { getLogger } from "~/platform/observability/logger.server";
import { planDueTicks } from "~/core/streams/schedule";
import { getDb, type Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { orgFeatureFlags, reconciliationStreams, streamTriggerFirings, streamTriggers } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { FEATURE_FLAGS } from "~/modules/tenancy/index.server";
import { enqueueTriggeredRun } from "./triggered-run-job.server";

/**
 * The scheduler: every minute the scheduler_tick task asks which schedule
 * triggers are due, across orgs, and queues one start_triggered_run job per
 * tick to fire. Runs are not started here, so a tick stays short however many
 * orgs are due.
 *
 * Exactly once per tick, whatever runs concurrently: the trigger row is
 * locked while its ticks are planned and last_tick_at advanced (a second
 * ticker skips it, or finds nothing left due); the job key is per tick; and the
 * start itself claims the unique (trigger, tick) firing row.
 */
export interface TickSummary {
  triggers: number;
  ticksQueued: number;
  ticksSkipped: number;
}

/** Due triggers looked at per tick; the rest wait a minute rather than make one tick long. */
const MAX_TRIGGERS_PER_TICK = 500;

export async function tickSchedules(now: Date): Promise<TickSummary> {
  // Cross-org discovery runs as the connecting role (no RLS); each trigger is then handled in its org's transaction.
  const due = await getDb()
    .select({ id: streamTriggers.id, orgId: streamTriggers.orgId })
    .from(streamTriggers)
    .where(and(eq(streamTriggers.kind, "schedule"), eq(streamTriggers.enabled, true), lte(streamTriggers.nextFireAt, now)))
    .orderBy(asc(streamTriggers.nextFireAt))
    .limit(MAX_TRIGGERS_PER_TICK);
  const summary: TickSummary = { triggers: 0, ticksQueued: 0, ticksSkipped: 0 };
  for (const { id, orgId } of due) {
    try {
      const outcome = await tickTrigger(orgId, id, now);
      if (!outcome) continue;
      summary.triggers += 1;
      summary.ticksQueued += outcome.queued;
      summary.ticksSkipped += outcome.skipped;
    } catch (error) {
      // One broken trigger must not hold back every other org's schedules.
      getLogger().error({ err: error, orgId, triggerId: id }, "schedule trigger could not be ticked");
    }
  }
  return summary;
}

async function tickTrigger(orgId: string, triggerId: string, now: Date): Promise<{ queued: number; skipped: number } | null> {
  return inOrgTransaction(orgId, async (tx) => {
    // SKIP LOCKED: another ticker holds it and will do exactly this work.
    const [trigger] = await tx
      .select()
      .from(streamTriggers)
      .where(and(eq(streamTriggers.orgId, orgId), eq(streamTriggers.id, triggerId)))
      .for("update", { skipLocked: true });
    if (!trigger || !trigger.enabled || trigger.config.kind !== "schedule") return null;
    if (trigger.nextFireAt === null || trigger.nextFireAt.getTime() > now.getTime()) return null;

    const plan = planDueTicks(trigger.config, trigger.lastTickAt ?? trigger.createdAt, now);
    const dormantBecause = await whyDormant(tx, orgId, trigger.streamId);
    if (dormantBecause) {
      getLogger().info({ orgId, triggerId, reason: dormantBecause, ticks: plan.fire.length + plan.skipped.length }, "schedule ticks not fired");
    } else {
      const policy = trigger.config.missedPolicy === "skip" ? "missed tick (policy: skip, only the newest runs)" : `missed tick beyond the catch-up cap of ${trigger.config.catchUpMax}`;
      for (const [index, tick] of plan.skipped.entries()) {
        const detail = index === 0 && plan.uncounted ? `${policy}; older missed ticks were not recorded` : policy;
        await tx
          .insert(streamTriggerFirings)
          .values({ id: newId("triggerFiring"), orgId, triggerId, dedupeKey: tick.toISOString(), outcome: "skipped", detail })
          .onConflictDoNothing({ target: [streamTriggerFirings.triggerId, streamTriggerFirings.dedupeKey] });
      }
      for (const [index, tick] of plan.fire.entries()) {
        const scheduledFor = tick.toISOString();
        await enqueueTriggeredRun(tx, {
          triggerId,
          dedupeKey: scheduledFor,
          runTrigger: { kind: "schedule", triggerId, scheduledFor },
          parameters: {},
          jobKey: `trigger:${triggerId}:tick:${scheduledFor}`,
          // Caught-up ticks start a second apart, oldest first, so the newest tick's run is the last to start.
          delaySeconds: index,
        });
      }
    }
    await tx
      .update(streamTriggers)
      .set({ lastTickAt: plan.lastTick ?? trigger.lastTickAt, nextFireAt: plan.nextFireAt })
      .where(and(eq(streamTriggers.orgId, orgId), eq(streamTriggers.id, triggerId)));
    return dormantBecause ? { queued: 0, skipped: 0 } : { queued: plan.fire.length, skipped: plan.skipped.length };
  });
}

/**
 * A schedule whose stream is archived, or whose org has streams switched off,
 * lets its ticks pass: they are not owed later (catching up on a month of
 * switched-off ticks the moment the flag returns would surprise everyone).
 */
async function whyDormant(tx: Tx, orgId: string, streamId: string): Promise<string | null> {
  const [flag] = await tx
    .select({ enabled: orgFeatureFlags.enabled })
    .from(orgFeatureFlags)
    .where(and(eq(orgFeatureFlags.orgId, orgId), eq(orgFeatureFlags.flag, "streams")));
  if (!(flag?.enabled ?? FEATURE_FLAGS.streams.default)) return "streams are switched off for the organization";
  const [stream] = await tx
    .select({ status: reconciliationStreams.status })
    .from(reconciliationStreams)
    .where(and(eq(reconciliationStreams.orgId, orgId), eq(reconciliationStreams.id, streamId)));
  if (!stream || stream.status !== "active") return "the stream is archived";
  return null;
}

