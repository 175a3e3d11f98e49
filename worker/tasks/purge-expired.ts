import { lt, sql } from "drizzle-orm";
import { destroyExpiredSessions } from "~/modules/tenancy/index.server";
import { getDb } from "~/platform/db/client";
import { purgeExpiredIdempotencyKeys } from "~/platform/db/idempotency-keys.server";
import { rateLimitBuckets, workerHeartbeats } from "~/platform/db/schema";
import type { JobHandler } from "./job-handler";

/** Hourly housekeeping of rows whose purpose has lapsed. Never touches audit data. */
export const purgeExpired: JobHandler<"purge_expired"> = async (_payload, helpers) => {
  const db = getDb();
  await purgeExpiredIdempotencyKeys();
  const sessions = await destroyExpiredSessions();
  await db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.windowStartedAt, sql`now() - interval '1 day'`));
  await db.delete(workerHeartbeats).where(lt(workerHeartbeats.lastSeenAt, sql`now() - interval '7 days'`));
  helpers.logger.info(`purged ${sessions} expired sessions`);
};
