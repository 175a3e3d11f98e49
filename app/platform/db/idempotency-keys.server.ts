import { lt, sql } from "drizzle-orm";
import { getDb } from "./client";
import { idempotencyKeys } from "./schema";

/**
 * Retention of stored Idempotency-Key responses (their use is in
 * app/http/idempotency.server.ts). Called by the worker's housekeeping task;
 * runs as the owner across orgs.
 */
export async function purgeExpiredIdempotencyKeys(): Promise<void> {
  await getDb().delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, sql`now()`));
}
