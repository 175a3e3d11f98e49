import { getEnv } from "~/platform/env.server";
import { getDb } from "~/platform/db/client";
import { workerHeartbeats } from "~/platform/db/schema";
import { workerIdentity } from "../identity";
import type { JobHandler } from "./job-handler";

/**
 * Fired by cron every minute (and once at start). That it runs at all proves
 * the job loop works; /api/v1/health reads the row it writes.
 */
export const heartbeat: JobHandler<"heartbeat"> = async () => {
  const now = new Date();
  await getDb()
    .insert(workerHeartbeats)
    .values({ ...workerIdentity, version: getEnv().APP_VERSION, lastSeenAt: now })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { lastSeenAt: now } });
};
