import type { Task } from "graphile-worker";
import { z } from "zod";
import { getEnv } from "~/platform/env.server";
import { getDb } from "~/platform/db/client";
import { workerHeartbeats } from "~/platform/db/schema";
import { workerIdentity } from "../identity";

const payloadSchema = z.object({}).passthrough();

/**
 * Fired by cron every minute (and once at start). That it runs at all proves
 * the job loop works; /api/v1/health reads the row it writes.
 */
export const heartbeat: Task = async (payload) => {
  payloadSchema.parse(payload ?? {});
  const now = new Date();
  await getDb()
    .insert(workerHeartbeats)
    .values({ ...workerIdentity, version: getEnv().APP_VERSION, lastSeenAt: now })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastSeenAt: now } });
};
