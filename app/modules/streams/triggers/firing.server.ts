import { and, eq, sql } from "drizzle-orm";
import { systemActor, type Actor, type OrgContext } from "~/core/access";
import { DomainError } from "~/core/errors/domain-errors";
import { getLogger } from "~/platform/observability/logger.server";
import type { RunTrigger } from "~/core/streams/runtime-types";
import type { Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { reconciliationRuns, streamTriggerFirings, streamTriggers } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { isFeatureEnabled } from "~/modules/tenancy/index.server";
import { startStreamRun } from "../runs/stream-runs.server";
import type { StreamTrigger, TriggerFiring } from "./trigger-types";

/**
 * Turns one trigger occurrence (a schedule tick, a file, a webhook delivery,
 * an upstream run) into at most one run.
 *
 * The firing row, unique per (trigger, dedupe key), is the claim: whoever
 * inserts it starts the run; everyone else reads the run id off it. A start
 * cannot share the claim's transaction (startStreamRun commits its own), so a
 * firing moves starting → fired | skipped | failed:
 * - skipped: the run could not start for a reason a retry will not fix
 *   (a missing parameter, an archived stream); the detail says which.
 * - failed: an error on our side; the next delivery of the same occurrence
 *   takes the claim over (compare-and-set) and tries again.
 * - starting for long (a process died mid-start): a later delivery first looks
 *   for a run the dead one did create, and otherwise takes the claim over.
 */
type Run = typeof reconciliationRuns.$inferSelect;

export interface Occurrence {
  dedupeKey: string;
  runTrigger: RunTrigger;
  /** Applied over the trigger's own parameters. */
  parameters: Record<string, string>;
}

export interface FiringResult {
  firing: TriggerFiring;
  /** Null when skipped, or when another delivery is still starting it. */
  runId: string | null;
  /** True when an earlier delivery of the same occurrence had already claimed it. */
  duplicate: boolean;
  /** Why this delivery's start was refused (recorded as skipped), for callers that answer the sender. */
  refusal?: DomainError;
}

/** A claim older than this with no run is taken to be from a process that died. */
export const STALE_START_MS = 2 * 60_000;

/** Raised to make a worker job retry later while another delivery is still starting the run. */
export class FiringInFlight extends Error {
  override readonly name = "FiringInFlight";
}

export async function fireTrigger(
  ctx: OrgContext,
  trigger: Pick<StreamTrigger, "id" | "streamId" | "parameters">,
  occurrence: Occurrence,
  options: { waitForInFlightMs?: number } = {},
): Promise<FiringResult> {
  const claim = await inOrgTransaction(ctx.orgId, async (tx) => {
    const [inserted] = await tx
      .insert(streamTriggerFirings)
      .values({ id: newId("triggerFiring"), orgId: ctx.orgId, triggerId: trigger.id, dedupeKey: occurrence.dedupeKey, outcome: "starting" })
      .onConflictDoNothing({ target: [streamTriggerFirings.triggerId, streamTriggerFirings.dedupeKey] })
      .returning();
    return inserted ? { firing: inserted, claimed: true } : { firing: await selectFiring(tx, ctx, trigger.id, occurrence.dedupeKey), claimed: false };
  });
  if (claim.claimed) return { ...(await startClaimed(ctx, trigger, occurrence, claim.firing)), duplicate: false };

  let firing = claim.firing;
  const waitUntil = Date.now() + (options.waitForInFlightMs ?? 0);
  // Backing off keeps a burst of duplicates from crowding the pool the first delivery needs to start the run.
  let pollMs = 50;
  for (;;) {
    if (firing.outcome === "fired" || firing.outcome === "skipped") return { firing, runId: firing.runId, duplicate: true };
    const takenOver = await takeOver(ctx, trigger, occurrence, firing);
    if (takenOver?.adopted) return { firing: takenOver.firing, runId: takenOver.firing.runId, duplicate: true };
    if (takenOver) return { ...(await startClaimed(ctx, trigger, occurrence, takenOver.firing)), duplicate: true };
    if (Date.now() >= waitUntil) return { firing, runId: null, duplicate: true };
    await new Promise((resolve) => setTimeout(resolve, pollMs));
    pollMs = Math.min(pollMs * 2, 500);
    firing = await inOrgTransaction(ctx.orgId, (tx) => selectFiring(tx, ctx, trigger.id, occurrence.dedupeKey));
  }
}

/**
 * Claims a failed or abandoned firing for this delivery, or returns null when
 * it is legitimately in flight elsewhere (or another delivery won the claim).
 * A run that an abandoned start did create is adopted (recorded on the
 * firing) instead of starting a second one.
 */
async function takeOver(
  ctx: OrgContext,
  trigger: Pick<StreamTrigger, "id" | "streamId">,
  occurrence: Occurrence,
  firing: TriggerFiring,
): Promise<{ firing: TriggerFiring; adopted: boolean } | null> {
  const abandoned = firing.outcome === "starting" && Date.now() - firing.createdAt.getTime() > STALE_START_MS;
  if (firing.outcome !== "failed" && !abandoned) return null;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const orphan = await findRunOfOccurrence(tx, ctx, trigger, occurrence);
    const token = `claimed by ${newId("triggerFiring")}`;
    const [claimed] = await tx
      .update(streamTriggerFirings)
      .set(orphan ? { outcome: "fired", runId: orphan.id, detail: "run adopted after an interrupted start" } : { outcome: "starting", detail: token })
      .where(
        and(
          eq(streamTriggerFirings.orgId, ctx.orgId),
          eq(streamTriggerFirings.id, firing.id),
          eq(streamTriggerFirings.outcome, firing.outcome),
          // Compare-and-set on the detail too: of two deliveries taking over the same firing, one wins.
          firing.detail === null ? sql`${streamTriggerFirings.detail} is null` : eq(streamTriggerFirings.detail, firing.detail),
        ),
      )
      .returning();
    return claimed ? { firing: claimed, adopted: orphan !== undefined } : null;
  });
}

async function startClaimed(
  ctx: OrgContext,
  trigger: Pick<StreamTrigger, "id" | "streamId" | "parameters">,
  occurrence: Occurrence,
  firing: TriggerFiring,
): Promise<{ firing: TriggerFiring; runId: string | null; refusal?: DomainError }> {
  let run: Run;
  try {
    run = await startStreamRun(ctx, trigger.streamId, {
      parameters: { ...trigger.parameters, ...occurrence.parameters },
      trigger: occurrence.runTrigger,
    });
  } catch (error) {
    const permanent = error instanceof DomainError && error.status < 500;
    const detail = permanent ? `the run could not start: ${error.message}` : `error while starting the run: ${errorMessage(error)}`;
    const recorded = await recordOutcome(ctx, firing, { outcome: permanent ? "skipped" : "failed", detail, runId: null });
    if (permanent) {
      getLogger().warn({ orgId: ctx.orgId, triggerId: trigger.id, dedupeKey: occurrence.dedupeKey, detail }, "trigger fired but its run could not start");
      return { firing: recorded, runId: null, refusal: error as DomainError };
    }
    throw error;
  }
  return { firing: await recordOutcome(ctx, firing, { outcome: "fired", detail: null, runId: run.id }), runId: run.id };
}

async function recordOutcome(
  ctx: OrgContext,
  firing: TriggerFiring,
  outcome: { outcome: "fired" | "skipped" | "failed"; detail: string | null; runId: string | null },
): Promise<TriggerFiring> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [after] = await tx
      .update(streamTriggerFirings)
      .set(outcome)
      .where(and(eq(streamTriggerFirings.orgId, ctx.orgId), eq(streamTriggerFirings.id, firing.id)))
      .returning();
    return after!;
  });
}

async function selectFiring(tx: Tx, ctx: OrgContext, triggerId: string, dedupeKey: string): Promise<TriggerFiring> {
  const [firing] = await tx
    .select()
    .from(streamTriggerFirings)
    .where(
      and(eq(streamTriggerFirings.orgId, ctx.orgId), eq(streamTriggerFirings.triggerId, triggerId), eq(streamTriggerFirings.dedupeKey, dedupeKey)),
    );
  return firing!;
}

/** The run an earlier start of this occurrence created, found by the trigger it recorded. */
async function findRunOfOccurrence(
  tx: Tx,
  ctx: OrgContext,
  trigger: Pick<StreamTrigger, "id" | "streamId">,
  occurrence: Occurrence,
): Promise<Pick<Run, "id"> | undefined> {
  const [run] = await tx
    .select({ id: reconciliationRuns.id })
    .from(reconciliationRuns)
    .where(
      and(
        eq(reconciliationRuns.orgId, ctx.orgId),
        eq(reconciliationRuns.streamId, trigger.streamId),
        sql`${reconciliationRuns.trigger} @> ${JSON.stringify(occurrence.runTrigger)}::jsonb`,
      ),
    )
    .limit(1);
  return run;
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/**
 * The start_triggered_run task's work: a queued occurrence of a schedule,
 * inbox or run-completion trigger becomes its run. A trigger disabled (or an
 * org switched off) between queueing and now is recorded as skipped, so the
 * firing history still explains the occurrence.
 */
export async function startQueuedTriggeredRun(
  orgId: string,
  job: { triggerId: string } & Occurrence,
): Promise<FiringResult | null> {
  const trigger = await inOrgTransaction(orgId, async (tx) => {
    const [row] = await tx
      .select()
      .from(streamTriggers)
      .where(and(eq(streamTriggers.orgId, orgId), eq(streamTriggers.id, job.triggerId)));
    return row;
  });
  // Deleted since (it had never fired, or it would still exist): nothing left to explain.
  if (!trigger) return null;
  const ctx: OrgContext = { orgId, actor: triggerActor(trigger, job.runTrigger) };
  const dormantBecause = !trigger.enabled
    ? "the trigger was disabled before it fired"
    : !(await isFeatureEnabled(ctx, "streams"))
      ? "streams are switched off for the organization"
      : null;
  if (dormantBecause) {
    await inOrgTransaction(orgId, (tx) =>
      tx
        .insert(streamTriggerFirings)
        .values({ id: newId("triggerFiring"), orgId, triggerId: trigger.id, dedupeKey: job.dedupeKey, outcome: "skipped", detail: dormantBecause })
        .onConflictDoNothing({ target: [streamTriggerFirings.triggerId, streamTriggerFirings.dedupeKey] }),
    );
    return null;
  }
  const result = await fireTrigger(ctx, trigger, job);
  if (result.runId === null && result.firing.outcome === "starting") {
    throw new FiringInFlight(`firing ${result.firing.id} is being started by another delivery; retrying later`);
  }
  return result;
}

/** Who the audit trail names for a triggered run: the scheduler, or the trigger that saw the event. */
function triggerActor(trigger: Pick<StreamTrigger, "id">, runTrigger: RunTrigger): Actor {
  if (runTrigger.kind === "schedule") return { type: "scheduler", id: null, label: `scheduler (trigger ${trigger.id})`, role: "owner" };
  return systemActor(`trigger ${trigger.id}`);
}
