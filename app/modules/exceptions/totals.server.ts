import { sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { whereOf, type ExceptionFilter } from "./filters.server";
import { readSlaDays } from "./sla.server";

/**
 * The grid's footer: how many exceptions the whole filter matches and what
 * they add up to, per currency (euros and dollars never share a sum).
 * Summed in PostgreSQL as numeric, so a total past 2^53 minor units is an
 * error here rather than a silently rounded number.
 */
export interface ExceptionTotals {
  object: "exception_totals";
  count: number;
  amountMinorByCurrency: Record<string, number>;
  /** Matching exceptions with no amount or no currency: counted, never summed. */
  withoutAmount: number;
}

export async function exceptionTotals(ctx: OrgContext, filter: ExceptionFilter): Promise<ExceptionTotals> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const sla = await readSlaDays(tx, ctx.orgId);
    const rows = (await tx.execute(sql`
      select currency, count(*)::bigint as count, count(amount_minor)::bigint as with_amount, coalesce(sum(amount_minor), 0)::numeric as amount
      from exceptions where ${whereOf(ctx.orgId, filter, sla)}
      group by currency order by currency`)) as unknown as Array<{ currency: string | null; count: string; with_amount: string; amount: string }>;
    const totals: ExceptionTotals = { object: "exception_totals", count: 0, amountMinorByCurrency: {}, withoutAmount: 0 };
    for (const row of rows) {
      const count = Number(row.count);
      totals.count += count;
      if (row.currency === null) {
        totals.withoutAmount += count;
        continue;
      }
      totals.withoutAmount += count - Number(row.with_amount);
      totals.amountMinorByCurrency[row.currency] = safeMinor(row.amount, row.currency);
    }
    return totals;
  });
}

function safeMinor(amount: string, currency: string): number {
  const value = Number(amount);
  if (!Number.isSafeInteger(value)) throw new Error(`The ${currency} total ${amount} is beyond a safe integer of minor units`);
  return value;
}
