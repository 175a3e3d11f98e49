import { eq, sql, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { SEVERITIES, type Severity } from "~/core/engine/types";
import type { Tx } from "~/platform/db/client";
import { exceptionSlaPolicies } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";

/**
 * Aging and SLA: an exception is due `days[severity]` after it was first seen
 * (carry-forward keeps firstSeenAt, so a case ages across runs), unless an
 * analyst set its dueAt. Defaults are what a month-end close tolerates; an
 * org overrides them per severity.
 */
export type SlaDays = Record<Severity, number>;

export const DEFAULT_SLA_DAYS: SlaDays = { critical: 2, high: 5, medium: 10, low: 30 };

export async function readSlaDays(tx: Tx, orgId: string): Promise<SlaDays> {
  const rows = await tx.select().from(exceptionSlaPolicies).where(eq(exceptionSlaPolicies.orgId, orgId));
  const days: SlaDays = { ...DEFAULT_SLA_DAYS };
  for (const row of rows) if ((SEVERITIES as readonly string[]).includes(row.severity)) days[row.severity as Severity] = row.days;
  return days;
}

export async function getSlaPolicy(ctx: OrgContext): Promise<SlaDays> {
  return inOrgTransaction(ctx.orgId, (tx) => readSlaDays(tx, ctx.orgId));
}

export async function updateSlaPolicy(ctx: OrgContext, patch: Partial<SlaDays>): Promise<SlaDays> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await readSlaDays(tx, ctx.orgId);
    for (const [severity, days] of Object.entries(patch)) {
      await tx
        .insert(exceptionSlaPolicies)
        .values({ orgId: ctx.orgId, severity, days })
        .onConflictDoUpdate({ target: [exceptionSlaPolicies.orgId, exceptionSlaPolicies.severity], set: { days, updatedAt: new Date() } });
    }
    const after = await readSlaDays(tx, ctx.orgId);
    await recordAudit(tx, ctx, { action: "exception_sla.updated", resourceType: "organization", resourceId: ctx.orgId, changes: { before, after } });
    return after;
  });
}

/** The due time as SQL: the analyst's dueAt, else first seen plus the severity's SLA days. */
export function dueAtSql(days: SlaDays): SQL {
  return sql`coalesce(due_at, first_seen_at + make_interval(days => (case severity when 'critical' then ${days.critical}::int when 'high' then ${days.high}::int when 'medium' then ${days.medium}::int else ${days.low}::int end)))`;
}

export function dueAtOf(row: { dueAt: Date | null; firstSeenAt: Date; severity: string }, days: SlaDays): Date {
  if (row.dueAt) return row.dueAt;
  const sla = days[row.severity as Severity] ?? days.low;
  return new Date(row.firstSeenAt.getTime() + sla * 86_400_000);
}

export function ageDaysOf(firstSeenAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - firstSeenAt.getTime()) / 86_400_000));
}

/** Age and due time as of `now`; only an open or in-review exception can be overdue. */
export function slaStateOf(row: { dueAt: Date | null; firstSeenAt: Date; severity: string; status: string }, days: SlaDays, now: Date) {
  const dueAt = dueAtOf(row, days);
  const open = row.status === "open" || row.status === "in_review";
  return { ageDays: ageDaysOf(row.firstSeenAt, now), dueAt, overdue: open && dueAt.getTime() < now.getTime() };
}

export const AGE_BUCKETS = ["0-7", "8-30", "31-90", "90+"] as const;

export function ageBucketSql(): SQL {
  return sql`(case when now() - first_seen_at < interval '8 days' then '0-7' when now() - first_seen_at < interval '31 days' then '8-30' when now() - first_seen_at < interval '91 days' then '31-90' else '90+' end)`;
}

