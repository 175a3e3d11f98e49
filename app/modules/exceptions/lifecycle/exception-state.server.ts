import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "~/platform/db/client";
import { exceptions, type EXCEPTION_STATUSES } from "~/platform/db/schema";
import { EXCEPTION_TRANSITIONS } from "./exception-transitions";
import { defineStateMachine } from "~/core/lifecycle/state-machine";

/**
 * The exception (triage) lifecycle:
 *   open → in_review → resolved | written_off | ignored, and reopen → open.
 * An analyst may also close straight from open. A closed exception changes
 * only by being reopened: resolved → written_off goes through open, so the
 * trail shows both decisions. Every write of `status` goes through
 * transitionException; nothing else sets the column.
 */
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];
export type ExceptionRow = typeof exceptions.$inferSelect;

export const exceptionStateMachine = defineStateMachine<ExceptionStatus>("exception", EXCEPTION_TRANSITIONS, ["resolved", "written_off", "ignored"]);

export const CLOSED_STATUSES: readonly ExceptionStatus[] = ["resolved", "written_off", "ignored"];
export const OPEN_STATUSES: readonly ExceptionStatus[] = ["open", "in_review"];

type ExceptionPatch = Partial<
  Pick<ExceptionRow, "resolutionCode" | "resolutionNote" | "resolvedAt" | "resolvedBy" | "resolvedInRunId" | "manualMatchId" | "assigneeId" | "severity" | "note" | "dueAt">
>;

/**
 * Guarded in SQL: only current rows (not superseded by a later run's row of
 * the same case) still in `from` change. Returns the changed rows; a caller
 * that needs all of them compares the count and throws Conflict.
 */
export async function transitionExceptions(
  tx: Tx,
  orgId: string,
  ids: readonly string[],
  from: ExceptionStatus | readonly ExceptionStatus[],
  to: ExceptionStatus,
  patch: ExceptionPatch = {},
): Promise<ExceptionRow[]> {
  const fromStates = typeof from === "string" ? [from] : [...from];
  for (const state of fromStates) exceptionStateMachine.assertTransition(state, to);
  if (ids.length === 0) return [];
  return tx
    .update(exceptions)
    .set({ ...patch, status: to, updatedAt: new Date() })
    .where(and(eq(exceptions.orgId, orgId), inArray(exceptions.id, [...ids]), inArray(exceptions.status, fromStates), isNull(exceptions.supersededById)))
    .returning();
}

export async function transitionException(
  tx: Tx,
  orgId: string,
  id: string,
  from: ExceptionStatus,
  to: ExceptionStatus,
  patch: ExceptionPatch = {},
): Promise<ExceptionRow | null> {
  const [row] = await transitionExceptions(tx, orgId, [id], from, to, patch);
  return row ?? null;
}
