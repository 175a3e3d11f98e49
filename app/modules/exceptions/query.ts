import type { ExceptionFilter } from "./filters.server";

/** The list/stats/export query string (comma lists, "true"/"false") as a filter. */
export interface ExceptionFilterQuery {
  reconciliationId?: string;
  streamId?: string;
  streamRunId?: string;
  stepRunId?: string;
  stepKey?: string;
  fileId?: string;
  caseId?: string;
  status?: string;
  type?: string;
  severity?: string;
  assigneeId?: string;
  minAmountMinor?: number;
  maxAmountMinor?: number;
  currency?: string;
  olderThanDays?: number;
  q?: string;
  overdue?: "true" | "false";
  includeSuperseded?: "true" | "false";
}

export function filterFromQuery(query: ExceptionFilterQuery): ExceptionFilter {
  const list = (value: string | undefined) => (value ? value.split(",") : undefined);
  const flag = (value: "true" | "false" | undefined) => (value === undefined ? undefined : value === "true");
  return {
    reconciliationId: query.reconciliationId,
    streamId: query.streamId,
    streamRunId: query.streamRunId,
    stepRunId: query.stepRunId,
    stepKey: query.stepKey,
    fileId: query.fileId,
    caseId: query.caseId,
    status: list(query.status),
    type: list(query.type),
    severity: list(query.severity),
    assigneeId: query.assigneeId,
    minAmountMinor: query.minAmountMinor,
    maxAmountMinor: query.maxAmountMinor,
    currency: query.currency,
    olderThanDays: query.olderThanDays,
    q: query.q,
    overdue: flag(query.overdue),
    includeSuperseded: flag(query.includeSuperseded),
  };
}
