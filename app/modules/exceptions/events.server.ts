import type { OrgContext } from "~/core/access";
import type { Tx } from "~/platform/db/client";
import { newId } from "~/platform/db/ids";
import { exceptionEvents } from "~/platform/db/schema";

/**
 * Exception events are the per-item trail (append-only by trigger): every
 * change, with actor, before/after and time. Written in the transaction of
 * the change, next to its audit event.
 */
export type ExceptionEventKind =
  | "updated"
  | "comment"
  | "carried_forward"
  | "auto_resolved"
  | "manual_match"
  | "manual_match_undone";

export interface ExceptionEventInput {
  exceptionId: string;
  caseId: string;
  kind: ExceptionEventKind;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

const BATCH = 1000;

export async function recordExceptionEvents(tx: Tx, ctx: OrgContext, events: ExceptionEventInput[], options: { bulkId?: string; at?: Date } = {}): Promise<void> {
  const at = options.at ?? new Date();
  for (let start = 0; start < events.length; start += BATCH) {
    await tx.insert(exceptionEvents).values(
      events.slice(start, start + BATCH).map((event) => ({
        id: newId("exceptionEvent"),
        orgId: ctx.orgId,
        exceptionId: event.exceptionId,
        caseId: event.caseId,
        kind: event.kind,
        actorType: ctx.actor.type,
        actorId: ctx.actor.id,
        actorLabel: ctx.actor.label,
        before: event.before ?? {},
        after: event.after ?? {},
        bulkId: options.bulkId ?? null,
        createdAt: at,
      })),
    );
  }
}
