import { EventEmitter } from "node:events";
import { Logger, run, type Runner, type WorkerEvents } from "graphile-worker";
import type { Pool } from "pg";
import type pino from "pino";
import { ingestLimitsFromEnv } from "~/platform/env.server";
import { setIngestLimits } from "~/core/ingest/limits";
import { getProfileThreadPool } from "~/modules/files/index.server";
import { getStepWorkPool } from "~/modules/streams/index.server";
import { enqueue, jobCatalog } from "~/platform/jobs";
import { startLiveness } from "./liveness";
import { crontab, taskList } from "./tasks";

/**
 * graphile-worker's ids for the job slots of every runner in this process
 * (tests run several), written with our heartbeat so a reaper knows exactly
 * which locks died with us.
 */
const processJobWorkerIds = new Set<string>();

/**
 * Starts graphile-worker on our task list. Used by the worker process and by
 * tests, which run the real worker in the test process.
 */
export async function startWorker(options: {
  connectionString: string;
  concurrency: number;
  logger: pino.Logger;
  withCron?: boolean;
  /**
   * graphile-worker drops a job slot that could not record a job's end (the
   * database went away at that moment) and leaves the job locked. The worker
   * process exits on it, so its heartbeat stops and a reaper releases the
   * lock; tests leave it unset.
   */
  onJobSlotLost?: (error: unknown) => void;
  /** A pool the caller owns (and ends after stop()); by default graphile-worker makes and ends its own. */
  pgPool?: Pool;
}): Promise<Runner> {
  setIngestLimits(ingestLimitsFromEnv());
  const liveness = startLiveness({ jobWorkerIds: () => [...processJobWorkerIds], logger: options.logger });
  // Our heartbeat row exists before the first job is taken (a reaper must never see a live worker's
  // fresh lock as a dead one's), and a starting worker reaps the workers that died before it.
  await liveness.tick();
  const events: WorkerEvents = new EventEmitter();
  const ownIds = new Set<string>();
  events.on("worker:create", ({ worker }) => {
    ownIds.add(worker.workerId);
    processJobWorkerIds.add(worker.workerId);
  });
  events.on("worker:fatalError", ({ worker, error }) => {
    // Its locks are no longer a live slot's: a reaper may release them once they age past the dead-after window.
    processJobWorkerIds.delete(worker.workerId);
    options.logger.error({ err: error, graphileWorkerId: worker.workerId }, "a job slot stopped: it could not record a job's end");
    options.onJobSlotLost?.(error);
  });
  const runner = await run({
    ...(options.pgPool ? { pgPool: options.pgPool } : { connectionString: options.connectionString }),
    events,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab: options.withCron === false ? "" : crontab,
    logger: bridgeLogger(options.logger),
  });
  await liveness.tick();
  const forget = () => {
    for (const id of ownIds) processJobWorkerIds.delete(id);
    void liveness.stop();
  };
  runner.promise.then(forget, forget);
  // Stop beating before the pool stops, so no beat runs after the caller closes the database.
  const stopPool = runner.stop.bind(runner);
  runner.stop = async () => {
    await liveness.stop();
    await stopPool();
  };
  // Step work runs in pooled threads; loading the engine into them now keeps that off the first step's clock.
  getStepWorkPool().prewarm();
  getProfileThreadPool().prewarm();
  // First beat right away, through the queue, so health turns ok in seconds, not at the next minute.
  await enqueue(runner, "heartbeat", {}, { jobKey: "heartbeat:startup", maxAttempts: 1 });
  return runner;
}

/** Jobs cron fires every minute or hour: a line each would bury what a person wants to see. */
const PERIODIC_JOBS = new Set<string>(Object.entries(jobCatalog).flatMap(([name, definition]) => ("cron" in definition ? [name] : [])));

export function bridgeLogger(logger: pino.Logger): Logger {
  return new Logger((scope) => (level, message, meta) => {
    // graphile-worker attaches the whole job row (payload, key, timestamps, ~600 characters); its id and task say which job it was.
    const { job, ...rest } = (meta ?? {}) as { job?: { id?: unknown; task_identifier?: unknown; attempts?: unknown } };
    const fields = { ...scope, ...rest, ...(job ? { job: { id: job.id, task: job.task_identifier, attempts: job.attempts } } : {}) };
    const periodic = typeof job?.task_identifier === "string" && PERIODIC_JOBS.has(job.task_identifier);
    if (level === "error") logger.error(fields, message);
    else if (level === "warning") logger.warn(fields, message);
    else if (level === "info" && !periodic) logger.info(fields, message);
    else logger.debug(fields, message);
  });
}
