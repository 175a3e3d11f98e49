import { sql } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { inOrgTransaction } from "~/platform/db/tenancy";

/**
 * The unmatched rows of a reconciliation, grouped by what they lack: no
 * amount, no value for a key field, or just no counterpart. Grouped in the
 * database over all of its current MISSING_* exceptions (a run may have
 * millions), from the reason each exception carries (the row's key fields,
 * amount and date, with null for a blank), so the results page can say in
 * words why the biggest groups did not match.
 */
export interface UnmatchedGroup {
  side: "source" | "target";
  /** "amount" for rows without one; otherwise the key fields the rows have no value for (empty: they have all of them). */
  missing: string[];
  rows: number;
  amountMinorByCurrency: Record<string, number>;
}

/** The groups listed, biggest first. */
const GROUPS_LISTED = 5;

export async function unmatchedGroups(ctx: OrgContext, reconciliationId: string): Promise<UnmatchedGroup[]> {
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const rows = (await tx.execute(sql`
      with lone as (
        select type, currency, amount_minor,
          case when amount_minor is null then array['amount']
            else coalesce((select array_agg(e->>'field' order by e->>'field') from jsonb_array_elements(reason) e
              where e->>'source' is null and e->>'target' is null and e->>'field' not in ('amount', 'currency', 'date')), '{}') end as missing
        from exceptions
        where org_id = ${ctx.orgId} and reconciliation_id = ${reconciliationId} and superseded_by_id is null
          and type in ('MISSING_IN_TARGET', 'MISSING_IN_SOURCE')
      )
      select type, missing, currency, count(*)::int as rows, coalesce(sum(amount_minor), 0)::bigint as amount
      from lone group by type, missing, currency`)) as unknown as Array<{ type: string; missing: string[]; currency: string | null; rows: number; amount: string | number }>;
    const groups = new Map<string, UnmatchedGroup>();
    for (const row of rows) {
      const side = row.type === "MISSING_IN_TARGET" ? "source" : "target";
      const key = `${side}|${row.missing.join(",")}`;
      const group = groups.get(key) ?? { side, missing: row.missing, rows: 0, amountMinorByCurrency: {} };
      group.rows += Number(row.rows);
      if (row.currency && Number(row.amount) !== 0) group.amountMinorByCurrency[row.currency] = (group.amountMinorByCurrency[row.currency] ?? 0) + Number(row.amount);
      groups.set(key, group);
    }
    return [...groups.values()].sort((a, b) => b.rows - a.rows || a.side.localeCompare(b.side)).slice(0, GROUPS_LISTED);
  });
}
