import { Logger, run, type Runner } from "graphile-worker";
import type pino from "pino";
import { ingestLimitsFromEnv } from "../app/env.server";
import { setIngestLimits } from "../app/ingest/limits";
import { getProfileThreadPool } from "../app/services/files/profile-thread.server";
import { getStepWorkPool } from "../app/streams/step-work/step-work-pool.server";
import { crontab, taskList } from "./tasks";

/**
 * Starts graphile-worker on our task list. Used by the worker process and by
 * tests, which run the real worker in the test process.
 */
export async function startWorker(options: {
  connectionString: string;
  concurrency: number;
  logger: pino.Logger;
  withCron?: boolean;
}): Promise<Runner> {
  setIngestLimits(ingestLimitsFromEnv());
  const runner = await run({
    connectionString: options.connectionString,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab: options.withCron === false ? "" : crontab,
    logger: bridgeLogger(options.logger),
  });
  // Step work runs in pooled threads; loading the engine into them now keeps that off the first step's clock.
  getStepWorkPool().prewarm();
  getProfileThreadPool().prewarm();
  // First beat right away, through the queue, so health turns ok in seconds, not at the next minute.
  await runner.addJob("heartbeat", {}, { jobKey: "heartbeat:startup", maxAttempts: 1 });
  return runner;
}

function bridgeLogger(logger: pino.Logger): Logger {
  return new Logger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    if (level === "error") logger.error(fields, message);
    else if (level === "warning") logger.warn(fields, message);
    else if (level === "info") logger.info(fields, message);
    else logger.debug(fields, message);
  });
}
