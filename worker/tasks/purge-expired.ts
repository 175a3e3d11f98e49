import type { Task } from "graphile-worker";
import { lt, sql } from "drizzle-orm";
import { z } from "zod";
import { purgeExpiredIdempotencyKeys } from "../../app/http/idempotency.server";
import { destroyExpiredSessions } from "~/modules/tenancy/index.server";
import { getDb } from "~/platform/db/client";
import { rateLimitBuckets, workerHeartbeats } from "~/platform/db/schema";

const payloadSchema = z.object({}).passthrough();

/** Hourly housekeeping of rows whose purpose has lapsed. Never touches audit data. */
export const purgeExpired: Task = async (payload, helpers) => {
  payloadSchema.parse(payload ?? {});
  const db = getDb();
  await purgeExpiredIdempotencyKeys();
  const sessions = await destroyExpiredSessions();
  await db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.windowStartedAt, sql`now() - interval '1 day'`));
  await db.delete(workerHeartbeats).where(lt(workerHeartbeats.lastSeenAt, sql`now() - interval '7 days'`));
  helpers.logger.info(`purged ${sessions} expired sessions`);
};
