import { sql } from "drizzle-orm";
import type pino from "pino";
import { getEnv } from "~/platform/env.server";
import { recoverOrphanedStepRuns } from "~/modules/streams/index.server";
import { deadAfterSeconds } from "~/platform/workers/worker-liveness.server";
import { getDb } from "~/platform/db/client";
import { workerIdentity } from "./identity";

/**
 * The worker's pulse and its reaper, on a timer in the main thread rather
 * than as queued jobs: a worker whose every slot is busy with a long step
 * still beats (step work runs in threads, so the event loop stays free),
 * and a crashed worker is noticed within WORKER_DEAD_AFTER_SECONDS.
 *
 * Every beat also reaps: the job locks of workers that stopped beating are
 * released with graphile-worker's force_unlock_workers (its own lock would
 * hold them 4 hours), and their orphaned step runs go back to the queue.
 * Every live worker reaps, so recovery needs no leader; each recovery is
 * guarded in SQL, so two reapers at once do it once.
 */
export interface Liveness {
  /** One beat and one reaping now (a starting worker does this before taking jobs). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startLiveness(options: { jobWorkerIds: () => string[]; logger: pino.Logger }): Liveness {
  const { logger } = options;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const tick = async () => {
    try {
      await beat(options.jobWorkerIds());
    } catch (error) {
      // The database may be restarting; the next beat tries again, and others only reap us after several misses.
      logger.warn({ err: error }, "heartbeat failed");
      return;
    }
    try {
      await reap(logger);
    } catch (error) {
      logger.warn({ err: error }, "reaping dead workers failed");
    }
  };
  const serialTick = () => (running = running.then(tick));
  const timer = setInterval(() => {
    if (!stopped) void serialTick();
  }, getEnv().WORKER_HEARTBEAT_SECONDS * 1000);

  return {
    tick: serialTick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

async function beat(jobWorkerIds: string[]): Promise<void> {
  const { workerId, hostname, pid, startedAt } = workerIdentity;
  await getDb().execute(sql`
    insert into worker_heartbeats (worker_id, hostname, pid, version, started_at, last_seen_at, job_worker_ids)
    values (${workerId}, ${hostname}, ${pid}, ${getEnv().APP_VERSION}, ${startedAt.toISOString()}::timestamptz, now(), array(select jsonb_array_elements_text(${JSON.stringify(jobWorkerIds)}::jsonb)))
    on conflict (worker_id) do update set last_seen_at = now(), job_worker_ids = excluded.job_worker_ids`);
}

async function reap(logger: pino.Logger): Promise<void> {
  const released = await releaseJobsOfDeadWorkers();
  if (released.length > 0) logger.warn({ graphileWorkerIds: released }, "released jobs locked by dead workers");
  const recovered = await recoverOrphanedStepRuns(workerIdentity.workerId);
  if (recovered.length > 0) logger.warn({ stepRuns: recovered }, "recovered step runs of dead workers");
}

/**
 * A lock is released when no live worker owns its locker id, and either a
 * dead worker owned it or the lock is older than the dead-after window (a
 * worker that died before its first beat named its ids). A live worker
 * writes its row before taking its first job, so its fresh locks are safe.
 */
export async function releaseJobsOfDeadWorkers(): Promise<string[]> {
  // A brand-new database gets graphile-worker's schema only when the first runner starts.
  const [{ installed }] = (await getDb().execute(sql`select to_regclass('graphile_worker._private_jobs') is not null as installed`)) as unknown as [{ installed: boolean }];
  if (!installed) return [];
  const deadAfter = deadAfterSeconds();
  const rows = (await getDb().execute(sql`
    with live as (
      select unnest(job_worker_ids) as id from worker_heartbeats where last_seen_at > now() - make_interval(secs => ${deadAfter})
    ), known as (
      select unnest(job_worker_ids) as id from worker_heartbeats
    ), lockers as (
      select locked_by, locked_at from graphile_worker._private_jobs where locked_by is not null
      union all
      select locked_by, locked_at from graphile_worker._private_job_queues where locked_by is not null
    )
    select distinct locked_by from lockers
    where locked_by not in (select id from live)
      and (locked_by in (select id from known) or locked_at < now() - make_interval(secs => ${deadAfter}))`)) as unknown as Array<{ locked_by: string }>;
  const ids = rows.map((row) => row.locked_by);
  if (ids.length > 0) await getDb().execute(sql`select graphile_worker.force_unlock_workers(array(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)))`);
  return ids;
}
