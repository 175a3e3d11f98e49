import type { ExceptionRow } from "~/modules/exceptions/lifecycle/exception-state.server";
import type { exceptionEvents } from "~/platform/db/schema";
import { ageDaysOf, dueAtOf, type SlaDays } from "./sla.server";

/** The exception as the API shows it: the stored row plus its age and SLA, computed at read time. */
export function serializeException(row: ExceptionRow, sla: SlaDays, now = new Date()) {
  const dueAt = dueAtOf(row, sla);
  const open = row.status === "open" || row.status === "in_review";
  return {
    id: row.id,
    object: "exception" as const,
    caseId: row.caseId ?? row.id,
    streamId: row.streamId,
    streamRunId: row.streamRunId,
    stepRunId: row.stepRunId,
    stepKey: row.stepKey,
    reconciliationId: row.reconciliationId,
    type: row.type,
    severity: row.severity,
    status: row.status,
    pass: row.pass,
    message: row.message,
    amountMinor: row.amountMinor,
    amountDifferenceMinor: row.amountDifferenceMinor,
    currency: row.currency,
    assigneeId: row.assigneeId,
    note: row.note,
    firstSeenAt: row.firstSeenAt.toISOString(),
    ageDays: ageDaysOf(row.firstSeenAt, now),
    dueAt: dueAt.toISOString(),
    overdue: open && dueAt.getTime() < now.getTime(),
    resolution: row.resolutionCode
      ? {
          code: row.resolutionCode,
          note: row.resolutionNote,
          resolvedAt: row.resolvedAt?.toISOString() ?? null,
          resolvedBy: row.resolvedBy,
          resolvedInRunId: row.resolvedInRunId,
        }
      : null,
    manualMatchId: row.manualMatchId,
    supersededById: row.supersededById,
    sourceRows: row.sourceRows,
    targetRows: row.targetRows,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ExceptionEventRow = typeof exceptionEvents.$inferSelect;

export function serializeExceptionEvent(event: ExceptionEventRow) {
  return {
    id: event.id,
    object: "exception_event" as const,
    exceptionId: event.exceptionId,
    caseId: event.caseId,
    kind: event.kind,
    actor: { type: event.actorType, id: event.actorId, label: event.actorLabel },
    before: event.before,
    after: event.after,
    bulkId: event.bulkId,
    createdAt: event.createdAt.toISOString(),
  };
}
