import { and, eq, gte, ilike, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { exceptions } from "~/platform/db/schema";
import { dueAtSql, type SlaDays } from "./sla.server";

/**
 * The exception filters, as one WHERE clause shared by the list, the export,
 * the stats and bulk actions, so "what the analyst sees" and "what a bulk
 * action touches" can never differ.
 */
export interface ExceptionFilter {
  reconciliationId?: string;
  streamId?: string;
  streamRunId?: string;
  stepRunId?: string;
  /** A step of the stream by its key, across runs. */
  stepKey?: string;
  /** An uploaded file (or artifact) either side's rows came from. */
  fileId?: string;
  caseId?: string;
  status?: string[];
  type?: string[];
  severity?: string[];
  /** A member's user id, or "none" for unassigned. */
  assigneeId?: string;
  minAmountMinor?: number;
  maxAmountMinor?: number;
  currency?: string;
  olderThanDays?: number;
  q?: string;
  overdue?: boolean;
  /** Rows a later run's row of the same case replaced: history, hidden by default. */
  includeSuperseded?: boolean;
}

export function filterConditions(orgId: string, filter: ExceptionFilter, sla: SlaDays): SQL[] {
  const conditions: SQL[] = [eq(exceptions.orgId, orgId)];
  if (!filter.includeSuperseded) conditions.push(isNull(exceptions.supersededById));
  if (filter.reconciliationId) conditions.push(eq(exceptions.reconciliationId, filter.reconciliationId));
  if (filter.streamId) conditions.push(eq(exceptions.streamId, filter.streamId));
  if (filter.streamRunId) conditions.push(eq(exceptions.streamRunId, filter.streamRunId));
  if (filter.stepRunId) conditions.push(eq(exceptions.stepRunId, filter.stepRunId));
  if (filter.stepKey) conditions.push(eq(exceptions.stepKey, filter.stepKey));
  if (filter.fileId) conditions.push(fromFile(filter.fileId));
  if (filter.caseId) conditions.push(eq(exceptions.caseId, filter.caseId));
  if (filter.status?.length) conditions.push(filter.status.length === 1 ? eq(exceptions.status, filter.status[0] as never) : inArray(exceptions.status, filter.status as never[]));
  if (filter.type?.length) conditions.push(filter.type.length === 1 ? eq(exceptions.type, filter.type[0]!) : inArray(exceptions.type, filter.type));
  if (filter.severity?.length) conditions.push(filter.severity.length === 1 ? eq(exceptions.severity, filter.severity[0]!) : inArray(exceptions.severity, filter.severity));
  if (filter.assigneeId === "none") conditions.push(isNull(exceptions.assigneeId));
  else if (filter.assigneeId) conditions.push(eq(exceptions.assigneeId, filter.assigneeId));
  if (filter.minAmountMinor !== undefined) conditions.push(gte(exceptions.amountMinor, filter.minAmountMinor));
  if (filter.maxAmountMinor !== undefined) conditions.push(lte(exceptions.amountMinor, filter.maxAmountMinor));
  if (filter.currency) conditions.push(eq(exceptions.currency, filter.currency));
  if (filter.olderThanDays !== undefined) conditions.push(sql`${exceptions.firstSeenAt} < now() - make_interval(days => ${filter.olderThanDays}::int)`);
  // search_text is stored lower-cased.
  if (filter.q) conditions.push(ilike(exceptions.searchText, `%${escapeLikePattern(filter.q.toLowerCase())}%`));
  if (filter.overdue === true) conditions.push(sql`${exceptions.status} in ('open', 'in_review') and ${dueAtSql(sla)} < now()`);
  if (filter.overdue === false) conditions.push(sql`not (${exceptions.status} in ('open', 'in_review') and ${dueAtSql(sla)} < now())`);
  return conditions;
}

export function whereOf(orgId: string, filter: ExceptionFilter, sla: SlaDays): SQL {
  return and(...filterConditions(orgId, filter, sla))!;
}

/** Containment on the row references; one id, so a JSON literal built here cannot be injected into. */
function fromFile(fileId: string): SQL {
  const reference = JSON.stringify([{ sourceId: fileId }]);
  return sql`(${exceptions.sourceRows} @> ${reference}::jsonb or ${exceptions.targetRows} @> ${reference}::jsonb)`;
}

function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
