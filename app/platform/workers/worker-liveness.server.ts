import { sql } from "drizzle-orm";
import { getEnv } from "~/platform/env.server";
import { getDb } from "~/platform/db/client";

/**
 * Whether a worker process is alive, decided only by its heartbeat row
 * (worker_heartbeats, written every WORKER_HEARTBEAT_SECONDS by a timer in
 * the process). Times are the database's own now(), so clocks of different
 * hosts never disagree about staleness. Read as the worker's own role: the
 * tenant role has no access to worker_heartbeats.
 */
export function deadAfterSeconds(): number {
  const env = getEnv();
  // A worker must miss several beats before it counts as dead, whatever the two settings say.
  return Math.max(env.WORKER_DEAD_AFTER_SECONDS, 3 * env.WORKER_HEARTBEAT_SECONDS);
}

/** Ids of the worker processes that beat within the dead-after window. */
export async function liveWorkerIds(): Promise<string[]> {
  const rows = (await getDb().execute(
    sql`select worker_id from worker_heartbeats where last_seen_at > now() - make_interval(secs => ${deadAfterSeconds()})`,
  )) as unknown as Array<{ worker_id: string }>;
  return rows.map((row) => row.worker_id);
}

/** A missing row counts as dead: heartbeats of long-dead workers are purged after 7 days. */
export async function isWorkerLive(workerId: string): Promise<boolean> {
  const rows = (await getDb().execute(
    sql`select 1 from worker_heartbeats where worker_id = ${workerId} and last_seen_at > now() - make_interval(secs => ${deadAfterSeconds()})`,
  )) as unknown as unknown[];
  return rows.length > 0;
}
