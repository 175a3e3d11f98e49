import type { z } from "~/api/zod";
import type { ExceptionEventSchema, ExceptionSchema } from "~/api/contracts/exceptions";
import type { ManualMatchSchema } from "~/api/contracts/manual-matches";
import { manualMatchRecord, slaStateOf, type ExceptionDetail, type ExceptionEventRow, type ExceptionRow, type ManualMatch, type SlaDays } from "~/modules/exceptions/index.server";

/** The exception as the API shows it: the stored row plus its age and SLA, computed at read time. */
export function serializeException(row: ExceptionRow, sla: SlaDays, now = new Date()): z.input<typeof ExceptionSchema> {
  const { ageDays, dueAt, overdue } = slaStateOf(row, sla, now);
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
    ageDays,
    dueAt: dueAt.toISOString(),
    overdue,
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

export function serializeExceptionEvent(event: ExceptionEventRow): z.input<typeof ExceptionEventSchema> {
  return {
    id: event.id,
    object: "exception_event" as const,
    exceptionId: event.exceptionId,
    caseId: event.caseId,
    // The column is plain text; the exceptions module writes only the kinds the contract lists.
    kind: event.kind as z.input<typeof ExceptionEventSchema>["kind"],
    actor: { type: event.actorType, id: event.actorId, label: event.actorLabel },
    before: event.before,
    after: event.after,
    bulkId: event.bulkId,
    createdAt: event.createdAt.toISOString(),
  };
}

/** One exception as an analyst works it: the exception, both sides compared, the closest rule, provenance and history. */
export function serializeExceptionDetail(detail: ExceptionDetail) {
  return {
    ...serializeException(detail.row, detail.sla),
    comparison: detail.comparison,
    closestRule: detail.closestRule,
    provenance: detail.provenance,
    events: detail.events.map(serializeExceptionEvent),
  };
}

export function serializeManualMatch(match: ManualMatch): z.input<typeof ManualMatchSchema> {
  return manualMatchRecord(match);
}
