import { sql } from "drizzle-orm";
import { getEnv } from "~/platform/env.server";
import { getDb } from "~/platform/db/client";

/**
 * A worker counts as up when any worker process beat within this window.
 * The heartbeat cron fires every minute; the margin covers one missed tick.
 */
export const WORKER_FRESHNESS_SECONDS = 150;

export interface Health {
  /** "ok" while the web process can reach its database; the worker is reported beside it. */
  status: "ok" | "degraded";
  db: "ok" | "down";
  worker: "ok" | "down";
  version: string;
}

export async function checkHealth(): Promise<Health> {
  const version = getEnv().APP_VERSION;
  try {
    const rows = (await getDb().execute(sql`
      select exists (
        select 1 from worker_heartbeats
        where last_seen_at > now() - make_interval(secs => ${WORKER_FRESHNESS_SECONDS})
      ) as worker_up`)) as unknown as Array<{ worker_up: boolean }>;
    const worker = rows[0]?.worker_up ? "ok" : "down";
    return { status: "ok", db: "ok", worker, version };
  } catch {
    return { status: "degraded", db: "down", worker: "down", version };
  }
}
