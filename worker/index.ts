import { getEnv } from "~/platform/env.server";
import { getLogger } from "~/platform/observability/logger.server";
import { closeDb } from "~/platform/db/client";
import { resolveDatabase } from "~/platform/db/connection";
import { migrateDatabase } from "~/platform/db/migrate";
import { exitWithParent, onShutdownSignal } from "../scripts/process-lifecycle";
import { workerIdentity } from "./identity";
import { startWorker } from "./runner";

/** The worker process alone (`npm run start:worker`); run N against one PostgreSQL. */
const logger = getLogger().child({ process: "worker", workerId: workerIdentity.workerId });

async function main() {
  const env = getEnv();
  const database = await resolveDatabase((message) => logger.debug({ component: "embedded-postgres" }, message));
  // Safe with N processes starting at once: migrations take an advisory lock and are a no-op when current.
  await migrateDatabase(database.url);
  const runner = await startWorker({
    connectionString: database.url,
    concurrency: env.WORKER_CONCURRENCY,
    logger,
    // A process with a dead slot would hold that slot's job locked while it keeps beating: exit, and let the
    // supervisor restart it and a reaper release the lock (graphile-worker does not replace the slot).
    onJobSlotLost: () => {
      logger.fatal("a job slot was lost (database unavailable?); exiting so the job is recovered");
      process.exit(1);
    },
  });
  logger.info({ concurrency: env.WORKER_CONCURRENCY }, "worker started");

  const shutdown = async (reason: string) => {
    logger.info({ reason }, "worker shutting down; letting running jobs finish");
    await runner.stop();
    await closeDb();
    await database.release();
    process.exit(0);
  };
  onShutdownSignal(shutdown);
  exitWithParent(() => void shutdown("supervisor went away"));
  await runner.promise;
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "worker failed");
  process.exit(1);
});
