import { sql, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { whereOf, type ExceptionFilter } from "./filters.server";
import { AGE_BUCKETS, ageBucketSql, dueAtSql, readSlaDays } from "./sla.server";

/**
 * Counts and sums for dashboards, by status, type, severity and age bucket
 * (0–7, 8–30, 31–90, > 90 days since first seen). Sums stay per currency:
 * adding euros to dollars would be a number nobody can use.
 */
export interface Bucket {
  key: string;
  count: number;
  amountMinorByCurrency: Record<string, number>;
}

async function groupBy(tx: Parameters<Parameters<typeof inOrgTransaction>[1]>[0], key: SQL, where: SQL): Promise<Bucket[]> {
  const rows = (await tx.execute(sql`
    select ${key} as key, coalesce(currency, '') as currency, count(*)::bigint as count, coalesce(sum(amount_minor), 0)::bigint as amount
    from exceptions where ${where}
    group by 1, 2 order by 1, 2`)) as unknown as Array<{ key: string; currency: string; count: string; amount: string }>;
  const buckets = new Map<string, Bucket>();
  for (const row of rows) {
    const bucket = buckets.get(row.key) ?? { key: row.key, count: 0, amountMinorByCurrency: {} };
    bucket.count += Number(row.count);
    if (row.currency) bucket.amountMinorByCurrency[row.currency] = Number(row.amount);
    buckets.set(row.key, bucket);
  }
  return [...buckets.values()];
}

export async function exceptionStats(ctx: OrgContext, filter: ExceptionFilter) {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const sla = await readSlaDays(tx, ctx.orgId);
    const where = whereOf(ctx.orgId, filter, sla);
    const byStatus = await groupBy(tx, sql`status`, where);
    const byType = await groupBy(tx, sql`type`, where);
    const bySeverity = await groupBy(tx, sql`severity`, where);
    const byAge = await groupBy(tx, ageBucketSql(), where);
    const overdue = await groupBy(tx, sql`'overdue'`, sql`${where} and status in ('open', 'in_review') and ${dueAtSql(sla)} < now()`);
    const total = byStatus.reduce((sum, bucket) => sum + bucket.count, 0);
    return {
      object: "exception_stats" as const,
      total,
      byStatus,
      byType,
      bySeverity,
      // Every bucket, even empty ones, so a chart's axis is stable.
      byAgeBucket: AGE_BUCKETS.map((key) => byAge.find((bucket) => bucket.key === key) ?? { key, count: 0, amountMinorByCurrency: {} }),
      overdue: overdue[0] ?? { key: "overdue", count: 0, amountMinorByCurrency: {} },
      slaDays: sla,
    };
  });
}
