import { and, eq, inArray } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { OPEN_STATUSES, transitionExceptions, type ExceptionRow } from "~/modules/exceptions/lifecycle/exception-state.server";
import { newId } from "~/platform/db/ids";
import { exceptions, manualMatches } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { recordExceptionEvents } from "./events.server";

/**
 * A manual match: an analyst pairs open exceptions of both sides that the
 * rules could not (a split payment, a reference typo). The sides must be in
 * one currency — never forceable, since summing two currencies is
 * meaningless — and their totals must agree within the tolerance, unless the
 * analyst forces it with a reason. The exceptions are resolved as
 * matched_manually; undoing the match reopens them. Both are audited.
 */
export type ManualMatch = typeof manualMatches.$inferSelect;

export interface ManualMatchInput {
  sourceExceptionIds: string[];
  targetExceptionIds: string[];
  note?: string;
  toleranceMinor?: number;
  force?: boolean;
  forceReason?: string;
}

/** The money an exception stands for on its side (the source side's rows for a source-side item). */
function sideAmount(row: ExceptionRow, side: "source" | "target"): number | null {
  const rows = side === "source" ? row.sourceRows : row.targetRows;
  if (rows.length === 0) return null;
  let total = 0;
  for (const ref of rows) {
    const amount = ref.values.amount;
    if (amount === null || amount === undefined) return null;
    total += Number(amount);
  }
  return total;
}

export async function createManualMatch(ctx: OrgContext, input: ManualMatchInput): Promise<ManualMatch> {
  const overlap = input.sourceExceptionIds.filter((id) => input.targetExceptionIds.includes(id));
  if (overlap.length > 0) {
    throw new ValidationFailed("An exception cannot be on both sides of a match", { errors: [{ pointer: "/targetExceptionIds", message: `'${overlap[0]}' is also a source exception` }] });
  }
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const ids = [...new Set([...input.sourceExceptionIds, ...input.targetExceptionIds])];
    const rows = await tx
      .select()
      .from(exceptions)
      .where(and(eq(exceptions.orgId, ctx.orgId), inArray(exceptions.id, ids)))
      .for("update");
    const byId = new Map(rows.map((row) => [row.id, row]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw new NotFound("exception", missing.join(", "));
    for (const row of rows) {
      if (row.supersededById) throw new Conflict(`Exception '${row.id}' was carried forward to '${row.supersededById}'; match the current one`);
      if (!(OPEN_STATUSES as readonly string[]).includes(row.status)) throw new Conflict(`Exception '${row.id}' is ${row.status}; only open exceptions can be matched`);
    }

    const errors: Array<{ pointer: string; message: string }> = [];
    const amounts = { source: 0, target: 0 };
    const currencies = new Set<string | null>();
    for (const side of ["source", "target"] as const) {
      const list = side === "source" ? input.sourceExceptionIds : input.targetExceptionIds;
      list.forEach((id, index) => {
        const row = byId.get(id)!;
        const amount = sideAmount(row, side);
        if (amount === null) errors.push({ pointer: `/${side}ExceptionIds/${index}`, message: `'${id}' has no ${side}-side row with an amount` });
        else amounts[side] += amount;
        currencies.add(row.currency);
      });
    }
    if (errors.length > 0) throw new ValidationFailed(errors.map((error) => error.message).join("; "), { errors });
    if (currencies.size !== 1 || currencies.has(null)) {
      throw new ValidationFailed(`The exceptions are in different currencies (${[...currencies].map((currency) => currency ?? "none").join(", ")}); a match needs one currency`, {
        errors: [{ pointer: "/targetExceptionIds", message: "currencies differ" }],
      });
    }
    const currency = [...currencies][0]!;
    const tolerance = input.toleranceMinor ?? 0;
    const difference = amounts.source - amounts.target;
    if (Math.abs(difference) > tolerance && !input.force) {
      throw new ValidationFailed(
        `The sides differ by ${difference} minor units of ${currency} (source ${amounts.source}, target ${amounts.target}), more than the tolerance of ${tolerance}; send force with a forceReason to match anyway`,
        { errors: [{ pointer: "/force", message: "sums differ beyond tolerance" }] },
      );
    }

    const now = new Date();
    const [match] = await tx
      .insert(manualMatches)
      .values({
        id: newId("manualMatch"),
        orgId: ctx.orgId,
        sourceExceptionIds: input.sourceExceptionIds,
        targetExceptionIds: input.targetExceptionIds,
        currency,
        sourceTotalMinor: amounts.source,
        targetTotalMinor: amounts.target,
        differenceMinor: difference,
        toleranceMinor: tolerance,
        forced: Math.abs(difference) > tolerance,
        forceReason: Math.abs(difference) > tolerance ? (input.forceReason ?? null) : null,
        note: input.note ?? null,
        createdBy: ctx.actor.label,
        createdAt: now,
      })
      .returning();
    const resolution = { resolutionCode: "matched_manually" as const, resolutionNote: input.note ?? null, resolvedAt: now, resolvedBy: ctx.actor.label, manualMatchId: match!.id };
    for (const status of OPEN_STATUSES) {
      const group = rows.filter((row) => row.status === status).map((row) => row.id);
      const changed = await transitionExceptions(tx, ctx.orgId, group, status, "resolved", resolution);
      if (changed.length !== group.length) throw new Conflict("Some exceptions changed while the match was made; nothing was matched");
    }
    await recordExceptionEvents(
      tx,
      ctx,
      rows.map((row) => ({
        exceptionId: row.id,
        caseId: row.caseId ?? row.id,
        kind: "manual_match" as const,
        before: { status: row.status },
        after: { status: "resolved", resolutionCode: "matched_manually", manualMatchId: match!.id },
      })),
      { at: now },
    );
    await recordAudit(tx, ctx, { action: "manual_match.created", resourceType: "manual_match", resourceId: match!.id, changes: { after: manualMatchRecord(match!) } });
    return match!;
  });
}

export async function getManualMatch(ctx: OrgContext, id: string): Promise<ManualMatch> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [match] = await tx.select().from(manualMatches).where(and(eq(manualMatches.orgId, ctx.orgId), eq(manualMatches.id, id)));
    if (!match) throw new NotFound("manual match", id);
    return match;
  });
}

export async function undoManualMatch(ctx: OrgContext, id: string): Promise<ManualMatch> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [match] = await tx
      .select()
      .from(manualMatches)
      .where(and(eq(manualMatches.orgId, ctx.orgId), eq(manualMatches.id, id)))
      .for("update");
    if (!match) throw new NotFound("manual match", id);
    if (match.status === "undone") throw new Conflict(`Manual match '${id}' was already undone`);
    const now = new Date();
    const linked = await tx
      .select()
      .from(exceptions)
      .where(and(eq(exceptions.orgId, ctx.orgId), eq(exceptions.manualMatchId, id), eq(exceptions.status, "resolved")))
      .for("update");
    await transitionExceptions(
      tx,
      ctx.orgId,
      linked.map((row) => row.id),
      "resolved",
      "open",
      { resolutionCode: null, resolutionNote: null, resolvedAt: null, resolvedBy: null, resolvedInRunId: null, manualMatchId: null },
    );
    const [undone] = await tx
      .update(manualMatches)
      .set({ status: "undone", undoneAt: now, undoneBy: ctx.actor.label })
      .where(and(eq(manualMatches.orgId, ctx.orgId), eq(manualMatches.id, id), eq(manualMatches.status, "active")))
      .returning();
    await recordExceptionEvents(
      tx,
      ctx,
      linked.map((row) => ({
        exceptionId: row.id,
        caseId: row.caseId ?? row.id,
        kind: "manual_match_undone" as const,
        before: { status: "resolved", resolutionCode: "matched_manually", manualMatchId: id },
        after: { status: "open", resolutionCode: null, manualMatchId: null },
      })),
      { at: now },
    );
    await recordAudit(tx, ctx, {
      action: "manual_match.undone",
      resourceType: "manual_match",
      resourceId: id,
      changes: { before: { status: "active" }, after: { status: "undone", reopened: linked.map((row) => row.id) } },
    });
    return undone!;
  });
}

/** The match as its audit record keeps it and the API shows it, so the trail reads like the resource. */
export function manualMatchRecord(match: ManualMatch) {
  return {
    id: match.id,
    object: "manual_match" as const,
    status: match.status,
    sourceExceptionIds: match.sourceExceptionIds,
    targetExceptionIds: match.targetExceptionIds,
    currency: match.currency,
    sourceTotalMinor: match.sourceTotalMinor,
    targetTotalMinor: match.targetTotalMinor,
    differenceMinor: match.differenceMinor,
    toleranceMinor: match.toleranceMinor,
    forced: match.forced,
    forceReason: match.forceReason,
    note: match.note,
    createdBy: match.createdBy,
    createdAt: match.createdAt.toISOString(),
    undoneAt: match.undoneAt?.toISOString() ?? null,
    undoneBy: match.undoneBy,
  };
}
