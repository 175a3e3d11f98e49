import { sql } from "drizzle-orm";
import { getDb, type Tx } from "./client";

/**
 * Runs fn in a transaction that row-level security pins to one org: the
 * session variable app.org_id is set and the role drops to reconstream_app,
 * which cannot bypass RLS. Both are LOCAL, so they end with the transaction
 * and never leak to the next user of the pooled connection.
 */
export async function inOrgTransaction<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.org_id', ${orgId}, true), set_config('role', 'reconstream_app', true)`);
    return fn(tx);
  });
}
