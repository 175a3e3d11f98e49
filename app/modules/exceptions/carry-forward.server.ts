import { and, asc, eq, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import type { RunTrigger } from "~/core/streams/runtime-types";
import { OPEN_STATUSES, transitionExceptions, type ExceptionStatus } from "~/modules/exceptions/lifecycle/exception-state.server";
import type { Tx } from "~/platform/db/client";
import { exceptions, reconciliationRuns } from "~/platform/db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { recordExceptionEvents, type ExceptionEventInput } from "./events.server";

/**
 * Carry-forward, in the step's commit transaction (called by commitStepRun
 * right after it inserts the step run's exceptions):
 *
 * - A new exception whose fingerprint matches a still-open exception of the
 *   same stream step from an earlier run joins that exception's case: it
 *   takes its case_id, firstSeenAt (so age counts from the first sighting),
 *   assignee, due date, note and in_review status; the earlier row is marked
 *   superseded_by the new one and leaves the default lists. Comments and
 *   events are stored per case, so they follow.
 * - A still-open exception of an earlier run that the new run no longer
 *   raises (the other side arrived) is resolved as matched_in_later_run,
 *   pointing at the new run.
 * - Every other new exception starts its own case (case_id = its id).
 *
 * "Earlier" is every run of the stream created before this one whose row is
 * still current, not only the immediately previous run: a run that failed
 * before reaching the step must not make its open items look resolved.
 * Duplicated fingerprints pair off in ordinal order.
 */
export interface CarryForwardInput {
  run: { id: string; streamId: string; createdAt: Date; trigger: RunTrigger };
  stepRunId: string;
  stepKey: string;
  now: Date;
}

export interface CarryForwardResult {
  carried: number;
  autoResolved: number;
  newCases: number;
}

export async function carryForwardExceptions(tx: Tx, ctx: OrgContext, input: CarryForwardInput): Promise<CarryForwardResult> {
  const { run, stepRunId, stepKey, now } = input;
  // The classic API's runs tag their exceptions, so `?reconciliationId=` finds them.
  if (run.trigger.kind === "reconciliation") {
    await tx
      .update(exceptions)
      .set({ reconciliationId: run.trigger.reconciliationId })
      .where(and(eq(exceptions.orgId, ctx.orgId), eq(exceptions.stepRunId, stepRunId)));
  }
  // Two runs of the same stream committing the same step at once must not both claim one case.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`carry-forward:${run.streamId}:${stepKey}`}))`);

  const fresh = await tx
    .select({ id: exceptions.id, fingerprint: exceptions.fingerprint, caseId: exceptions.caseId })
    .from(exceptions)
    .where(and(eq(exceptions.orgId, ctx.orgId), eq(exceptions.stepRunId, stepRunId)))
    .orderBy(asc(exceptions.ordinal));
  const earlier = await tx
    .select({
      id: exceptions.id,
      caseId: exceptions.caseId,
      fingerprint: exceptions.fingerprint,
      status: exceptions.status,
      assigneeId: exceptions.assigneeId,
      dueAt: exceptions.dueAt,
      note: exceptions.note,
      firstSeenAt: exceptions.firstSeenAt,
      streamRunId: exceptions.streamRunId,
    })
    .from(exceptions)
    .innerJoin(reconciliationRuns, and(eq(reconciliationRuns.orgId, exceptions.orgId), eq(reconciliationRuns.id, exceptions.streamRunId)))
    .where(
      and(
        eq(exceptions.orgId, ctx.orgId),
        eq(exceptions.streamId, run.streamId),
        eq(exceptions.stepKey, stepKey),
        ne(exceptions.streamRunId, run.id),
        lt(reconciliationRuns.createdAt, run.createdAt),
        isNull(exceptions.supersededById),
        inArray(exceptions.status, [...OPEN_STATUSES]),
      ),
    )
    .orderBy(asc(exceptions.id))
    .for("update", { of: exceptions });

  const waiting = new Map<string, typeof earlier>();
  for (const row of earlier) waiting.set(row.fingerprint, [...(waiting.get(row.fingerprint) ?? []), row]);

  const links: Array<{ fresh: (typeof fresh)[number]; previous: (typeof earlier)[number] }> = [];
  for (const row of fresh) {
    // Inserted as its own case (case_id = id); anything else was already linked (a retried commit never gets here, but be safe).
    if (row.caseId && row.caseId !== row.id) continue;
    const queue = waiting.get(row.fingerprint);
    const previous = queue?.shift();
    if (previous) links.push({ fresh: row, previous });
  }
  const linked = new Set(links.map((link) => link.previous.id));
  const disappeared = earlier.filter((row) => !linked.has(row.id));

  const events: ExceptionEventInput[] = [];
  for (let start = 0; start < links.length; start += 5_000) {
    const chunk = links.slice(start, start + 5_000);
    // One statement per chunk; rows travel as one jsonb parameter (drizzle expands JS arrays into lists).
    const carried = chunk.map((link) => ({
      id: link.fresh.id,
      case_id: link.previous.caseId ?? link.previous.id,
      first_seen_at: link.previous.firstSeenAt.toISOString(),
      assignee_id: link.previous.assigneeId,
      due_at: link.previous.dueAt?.toISOString() ?? null,
      note: link.previous.note,
      previous_id: link.previous.id,
    }));
    const rows = JSON.stringify(carried);
    await tx.execute(sql`
      update exceptions as e set
        case_id = v.case_id, first_seen_at = v.first_seen_at, assignee_id = v.assignee_id, due_at = v.due_at, note = v.note, updated_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${rows}::jsonb) as v(id text, case_id text, first_seen_at timestamptz, assignee_id text, due_at timestamptz, note text)
      where e.org_id = ${ctx.orgId} and e.id = v.id`);
    await tx.execute(sql`
      update exceptions as e set superseded_by_id = v.id, updated_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${rows}::jsonb) as v(id text, previous_id text)
      where e.org_id = ${ctx.orgId} and e.id = v.previous_id`);
  }
  // in_review stays in_review: the status moves through the state machine like any other.
  const inReview = links.filter((link) => link.previous.status === "in_review").map((link) => link.fresh.id);
  for (let start = 0; start < inReview.length; start += 10_000) await transitionExceptions(tx, ctx.orgId, inReview.slice(start, start + 10_000), "open", "in_review");
  for (const link of links) {
    events.push({
      exceptionId: link.fresh.id,
      caseId: link.previous.caseId ?? link.previous.id,
      kind: "carried_forward",
      before: { exceptionId: link.previous.id, streamRunId: link.previous.streamRunId },
      after: { exceptionId: link.fresh.id, streamRunId: run.id, status: link.previous.status as ExceptionStatus },
    });
  }

  // Everything not carried starts its own case.
  await tx
    .update(exceptions)
    .set({ caseId: sql`${exceptions.id}` })
    .where(and(eq(exceptions.orgId, ctx.orgId), eq(exceptions.stepRunId, stepRunId), isNull(exceptions.caseId)));

  for (const status of OPEN_STATUSES) {
    const ids = disappeared.filter((row) => row.status === status).map((row) => row.id);
    for (let start = 0; start < ids.length; start += 10_000) {
      await transitionExceptions(tx, ctx.orgId, ids.slice(start, start + 10_000), status, "resolved", {
        resolutionCode: "matched_in_later_run",
        resolutionNote: `No longer raised by run ${run.id}`,
        resolvedAt: now,
        resolvedBy: ctx.actor.label,
        resolvedInRunId: run.id,
      });
    }
  }
  for (const row of disappeared) {
    events.push({
      exceptionId: row.id,
      caseId: row.caseId ?? row.id,
      kind: "auto_resolved",
      before: { status: row.status },
      after: { status: "resolved", resolutionCode: "matched_in_later_run", resolvedInRunId: run.id },
    });
  }

  const result = { carried: links.length, autoResolved: disappeared.length, newCases: fresh.length - links.length };
  if (events.length > 0) {
    await recordExceptionEvents(tx, ctx, events, { at: now });
    await recordAudit(tx, ctx, {
      action: "exceptions.carried_forward",
      resourceType: "step_run",
      resourceId: stepRunId,
      changes: { after: { streamId: run.streamId, streamRunId: run.id, stepKey, ...result } },
    });
  }
  return result;
}
