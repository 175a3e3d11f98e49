import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import {
  exceptionStateMachine,
  transitionException,
  transitionExceptions,
  type ExceptionRow,
  type ExceptionStatus,
} from "~/modules/exceptions/lifecycle/exception-state.server";
import { needsResolutionCode, needsResolutionNote } from "~/modules/exceptions/lifecycle/exception-transitions";
import type { Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { exceptions, memberships, type RESOLUTION_CODES } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { selectCaseEvents } from "./detail.server";
import { recordExceptionEvents, type ExceptionEventInput } from "./events.server";
import { whereOf, type ExceptionFilter } from "./filters.server";
import { withHumanMessages } from "./human-messages.server";
import { lockCurrentException } from "./list.server";
import { readSlaDays } from "./sla.server";

/**
 * Working exceptions: one at a time (PATCH, comments) or in bulk. Status
 * changes go through the exception state machine; every change is an
 * exception event and an audit event in the same transaction.
 */
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];
/** Codes a person may choose; matched_in_later_run is carry-forward's alone. */
export type ChosenResolutionCode = Exclude<ResolutionCode, "matched_in_later_run">;

export interface ExceptionPatchInput {
  status?: ExceptionStatus;
  resolutionCode?: ChosenResolutionCode;
  resolutionNote?: string;
  assigneeId?: string | null;
  severity?: string;
  note?: string | null;
  dueAt?: string | null;
}

type Snapshot = Record<string, unknown>;

const TRACKED = ["status", "resolutionCode", "resolutionNote", "assigneeId", "severity", "note", "dueAt", "manualMatchId"] as const;

function snapshotOf(row: ExceptionRow): Snapshot {
  return {
    status: row.status,
    resolutionCode: row.resolutionCode,
    resolutionNote: row.resolutionNote,
    assigneeId: row.assigneeId,
    severity: row.severity,
    note: row.note,
    dueAt: row.dueAt?.toISOString() ?? null,
    manualMatchId: row.manualMatchId,
  };
}

/** Only what changed, before and after. */
export function changesOf(before: ExceptionRow, after: ExceptionRow): { before: Snapshot; after: Snapshot } | null {
  const a = snapshotOf(before);
  const b = snapshotOf(after);
  const changed = TRACKED.filter((field) => a[field] !== b[field]);
  if (changed.length === 0) return null;
  return { before: Object.fromEntries(changed.map((field) => [field, a[field]])), after: Object.fromEntries(changed.map((field) => [field, b[field]])) };
}

export function assertCurrent(row: ExceptionRow): void {
  if (row.supersededById) {
    throw new Conflict(`Exception '${row.id}' was carried forward to '${row.supersededById}' by a later run; work the case there`);
  }
}

/** Resolution fields a status change needs (422 with pointers when missing). */
function resolutionFor(ctx: OrgContext, to: ExceptionStatus, input: ExceptionPatchInput, pointerPrefix = "") {
  if (to === "open" || to === "in_review") {
    return { resolutionCode: null, resolutionNote: null, resolvedAt: null, resolvedBy: null, resolvedInRunId: null, manualMatchId: null };
  }
  const errors = [];
  if (needsResolutionCode(to) && !input.resolutionCode) {
    errors.push({ pointer: `${pointerPrefix}/resolutionCode`, message: `a ${to} exception needs a resolution code` });
  }
  if (needsResolutionNote(to) && !input.resolutionNote?.trim()) {
    errors.push({ pointer: `${pointerPrefix}/resolutionNote`, message: "a write-off needs a note saying why" });
  }
  if (errors.length > 0) throw new ValidationFailed(errors.map((error) => error.message).join("; "), { errors });
  return {
    resolutionCode: input.resolutionCode ?? null,
    resolutionNote: input.resolutionNote?.trim() || null,
    resolvedAt: new Date(),
    resolvedBy: ctx.actor.label,
    resolvedInRunId: null,
  };
}

async function assertAssignable(tx: Tx, orgId: string, assigneeId: string | null | undefined, pointer: string): Promise<void> {
  if (!assigneeId) return;
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, assigneeId)));
  if (!member) throw new ValidationFailed(`No member '${assigneeId}' in this organization`, { errors: [{ pointer, message: "not a member of this organization" }] });
}

export async function updateException(ctx: OrgContext, id: string, input: ExceptionPatchInput): Promise<ExceptionRow> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const current = await lockCurrentException(tx, ctx.orgId, id);
    assertCurrent(current);
    await assertAssignable(tx, ctx.orgId, input.assigneeId, "/assigneeId");
    const fields: Partial<ExceptionRow> = {};
    if (input.assigneeId !== undefined) fields.assigneeId = input.assigneeId;
    if (input.severity !== undefined) fields.severity = input.severity;
    if (input.note !== undefined) fields.note = input.note;
    if (input.dueAt !== undefined) fields.dueAt = input.dueAt === null ? null : new Date(input.dueAt);

    let updated: ExceptionRow | null;
    if (input.status !== undefined && input.status !== current.status) {
      exceptionStateMachine.assertTransition(current.status, input.status);
      if (current.manualMatchId && input.status === "open") {
        throw new Conflict(`Exception '${id}' is part of manual match '${current.manualMatchId}'; undo the match to reopen it`);
      }
      updated = await transitionException(tx, ctx.orgId, id, current.status, input.status, { ...fields, ...resolutionFor(ctx, input.status, input) });
    } else {
      if (input.resolutionCode !== undefined || input.resolutionNote !== undefined) {
        throw new ValidationFailed("A resolution is given with a status change", { errors: [{ pointer: "/status", message: "set status to resolved or written_off together with the resolution" }] });
      }
      const [row] = await tx
        .update(exceptions)
        .set({ ...fields, updatedAt: new Date() })
        .where(and(eq(exceptions.orgId, ctx.orgId), eq(exceptions.id, id), isNull(exceptions.supersededById)))
        .returning();
      updated = row ?? null;
    }
    if (!updated) throw new Conflict(`Exception '${id}' changed while this request ran; reload it and try again`);
    const changes = changesOf(current, updated);
    if (changes) {
      await recordExceptionEvents(tx, ctx, [{ exceptionId: id, caseId: updated.caseId ?? id, kind: "updated", ...changes }]);
      await recordAudit(tx, ctx, { action: "exception.updated", resourceType: "exception", resourceId: id, changes });
    }
    // The caller shows the row it gets back; it reads as the list's rows do.
    return (await withHumanMessages(tx, ctx.orgId, [updated]))[0]!;
  });
}

export async function commentOnException(ctx: OrgContext, id: string, body: string) {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const current = await lockCurrentException(tx, ctx.orgId, id);
    const caseId = current.caseId ?? id;
    const event = { exceptionId: id, caseId, kind: "comment" as const, after: { body } };
    await recordExceptionEvents(tx, ctx, [event]);
    await recordAudit(tx, ctx, { action: "exception.commented", resourceType: "exception", resourceId: id, changes: { after: { body } } });
    const events = await selectCaseEvents(tx, ctx.orgId, caseId);
    return events.filter((candidate) => candidate.kind === "comment").at(-1)!;
  });
}

// ---- Bulk

export const BULK_LIMIT = 50_000;

export type BulkAction =
  | { action: "assign"; assigneeId: string | null }
  | { action: "setStatus"; status: ExceptionStatus; resolutionCode?: ChosenResolutionCode; resolutionNote?: string }
  | { action: "comment"; body: string };

export type BulkSelection = { ids: string[] } | { filter: ExceptionFilter };

/**
 * All or nothing, in one transaction: every selected exception must exist,
 * be current and accept the change, or nothing changes (409/404/422 naming
 * the first offenders). One audit event for the action, one exception event
 * per exception, linked by the bulk id.
 */
export async function bulkUpdateExceptions(ctx: OrgContext, selection: BulkSelection, action: BulkAction, options: { limit?: number } = {}) {
  const limit = options.limit ?? BULK_LIMIT;
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const sla = await readSlaDays(tx, ctx.orgId);
    const where =
      "ids" in selection
        ? and(eq(exceptions.orgId, ctx.orgId), inArray(exceptions.id, selection.ids))
        : whereOf(ctx.orgId, selection.filter, sla);
    const rows = await tx
      .select()
      .from(exceptions)
      .where(where)
      .orderBy(asc(exceptions.id))
      .limit(limit + 1)
      .for("update");
    if (rows.length > limit) {
      throw new ValidationFailed(`A bulk action takes at most ${limit} exceptions; narrow the selection`, { errors: [{ pointer: "ids" in selection ? "/ids" : "/filter", message: `more than ${limit} exceptions selected` }] });
    }
    if ("ids" in selection) {
      const found = new Set(rows.map((row) => row.id));
      const missing = [...new Set(selection.ids)].filter((id) => !found.has(id));
      if (missing.length > 0) throw new NotFound("exception", missing.slice(0, 20).join(", "));
    }
    const superseded = rows.filter((row) => row.supersededById);
    if (superseded.length > 0) throw new Conflict(`${superseded.length} selected exception(s) were carried forward by a later run (e.g. '${superseded[0]!.id}'); nothing was changed`);

    const bulkId = newId("exceptionBulkAction");
    const now = new Date();
    let updated: ExceptionRow[] = rows;
    if (action.action === "assign") {
      await assertAssignable(tx, ctx.orgId, action.assigneeId, "/assigneeId");
      updated = rows.length
        ? await tx
            .update(exceptions)
            .set({ assigneeId: action.assigneeId, updatedAt: now })
            .where(and(eq(exceptions.orgId, ctx.orgId), inArray(exceptions.id, rows.map((row) => row.id)), isNull(exceptions.supersededById)))
            .returning()
        : [];
    } else if (action.action === "setStatus") {
      const illegal = rows.filter((row) => row.status !== action.status && !exceptionStateMachine.canTransition(row.status, action.status));
      if (illegal.length > 0) {
        throw new Conflict(
          `${illegal.length} selected exception(s) cannot go to '${action.status}' (e.g. '${illegal[0]!.id}' is ${illegal[0]!.status}); nothing was changed`,
          { errors: illegal.slice(0, 20).map((row) => ({ message: `'${row.id}' is ${row.status}`, field: row.id })) },
        );
      }
      if (action.status === "open") {
        const matched = rows.find((row) => row.manualMatchId);
        if (matched) throw new Conflict(`Exception '${matched.id}' is part of manual match '${matched.manualMatchId}'; undo the match to reopen it`);
      }
      const resolution = resolutionFor(ctx, action.status, action);
      const byStatus = new Map<ExceptionStatus, string[]>();
      for (const row of rows) if (row.status !== action.status) byStatus.set(row.status, [...(byStatus.get(row.status) ?? []), row.id]);
      updated = rows.filter((row) => row.status === action.status);
      for (const [from, ids] of byStatus) {
        for (let start = 0; start < ids.length; start += 10_000) {
          const chunk = ids.slice(start, start + 10_000);
          const changed = await transitionExceptions(tx, ctx.orgId, chunk, from, action.status, resolution);
          if (changed.length !== chunk.length) throw new Conflict("Some exceptions changed while the bulk action ran; nothing was changed");
          updated.push(...changed);
        }
      }
    }

    const before = new Map(rows.map((row) => [row.id, row]));
    const events: ExceptionEventInput[] = [];
    if (action.action === "comment") {
      for (const row of rows) events.push({ exceptionId: row.id, caseId: row.caseId ?? row.id, kind: "comment", after: { body: action.body } });
    } else {
      for (const row of updated) {
        const changes = changesOf(before.get(row.id)!, row);
        if (changes) events.push({ exceptionId: row.id, caseId: row.caseId ?? row.id, kind: "updated", ...changes });
      }
    }
    await recordExceptionEvents(tx, ctx, events, { bulkId, at: now });
    await recordAudit(tx, ctx, {
      action: "exception.bulk_updated",
      resourceType: "exception_bulk_action",
      resourceId: bulkId,
      changes: {
        after: {
          action,
          selection: "ids" in selection ? { ids: selection.ids.length <= 1000 ? selection.ids : `${selection.ids.length} ids` } : { filter: selection.filter },
          selected: rows.length,
          changed: events.length,
        },
      },
    });
    return { id: bulkId, object: "exception_bulk_action" as const, action: action.action, selected: rows.length, changed: events.length, createdAt: now.toISOString() };
  });
}
