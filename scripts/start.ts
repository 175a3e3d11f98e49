import { fork, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { makeWorkerUtils } from "graphile-worker";
import postgres from "postgres";
import { getEnv } from "~/platform/env.server";
import { getLogger } from "~/platform/observability/logger.server";
import { resolveDatabase } from "~/platform/db/connection";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "~/platform/db/embedded-postgres";
import { migrateDatabase } from "~/platform/db/migrate";
import { buildIfNeeded } from "./build-if-needed";
import { isWebListening, onShutdownSignal } from "./process-lifecycle";

/**
 * `npm start`: build if needed, bring up the database (embedded unless
 * DATABASE_URL is set), migrate, then run and supervise one web and one
 * worker process. Ctrl-C stops the children first, then the database.
 */
const logger = getLogger().child({ process: "supervisor" });

interface Supervised {
  name: "web" | "worker";
  entry: string;
  child?: ChildProcess;
  restarts: number;
  startedAt: number;
  pendingRestart?: NodeJS.Timeout;
}

let stopping = false;

async function main() {
  const env = getEnv();
  mkdirSync(env.DATA_DIR, { recursive: true });
  await stopPreviousSupervisor(env.DATA_DIR);
  writeFileSync(pidFile(env.DATA_DIR), String(process.pid));

  buildIfNeeded((message) => logger.info(message));
  const database = await resolveDatabase((message) => logger.debug({ component: "embedded-postgres" }, message));
  logger.info({ embedded: Boolean(database.embedded) }, database.embedded ? "embedded PostgreSQL is up" : "using DATABASE_URL");
  await migrateDatabase(database.url);
  if (database.embedded?.owned) await releaseJobsOfDeadWorkers(database.url);

  const children: Supervised[] = [
    { name: "web", entry: "server/web.ts", restarts: 0, startedAt: 0 },
    { name: "worker", entry: "worker/index.ts", restarts: 0, startedAt: 0 },
  ];
  let announced = false;
  const onListening = () => {
    // Once: a web process restarted later logs its own "listening" line.
    if (announced || stopping) return;
    announced = true;
    logger.info(`Reconstream is ready on http://localhost:${env.PORT} (Ctrl-C to stop)`);
  };
  let releaseDatabase = () => database.release();
  if (database.embedded?.owned) {
    superviseEmbeddedPostgres(database.embedded, database.url, env.DATA_DIR, (restarted) => {
      releaseDatabase = () => restarted.stop();
      // Children that crash-looped while the database was away come back now, not at the end of their backoff.
      for (const supervised of children) restartNowIfWaiting(supervised, database.url, onListening);
    });
  }
  for (const supervised of children) spawnChild(supervised, database.url, onListening);
  logger.debug("web and worker started; waiting for the web process to listen");

  onShutdownSignal(async (reason) => {
    stopping = true;
    logger.info({ reason }, "stopping web and worker");
    await Promise.all(children.map((supervised) => stopChild(supervised)));
    await releaseDatabase();
    rmSync(pidFile(env.DATA_DIR), { force: true });
    logger.info("stopped");
    process.exit(0);
  });
}

function spawnChild(supervised: Supervised, databaseUrl: string, onListening: () => void): void {
  supervised.startedAt = Date.now();
  const child = fork(path.resolve(supervised.entry), [], {
    execArgv: ["--import", "tsx"],
    // glibc gives each thread that allocates its own malloc arena; the worker's step threads then
    // hold hundreds of MB of freed memory apart. Two arenas keep peak RSS near the live data
    // (docs/performance.md, "Memory"); an operator's own setting wins, and other libcs ignore it.
    env: { MALLOC_ARENA_MAX: "2", ...process.env, DATABASE_URL: databaseUrl },
    stdio: "inherit",
  });
  supervised.child = child;
  child.on("message", (message) => {
    if (supervised.name === "web" && isWebListening(message)) onListening();
  });
  child.on("exit", (code, signal) => {
    supervised.child = undefined;
    if (stopping) return;
    // Back off when a child crash-loops, but not after a long healthy run.
    if (Date.now() - supervised.startedAt > 60_000) supervised.restarts = 0;
    const delay = Math.min(30_000, 1000 * 2 ** supervised.restarts);
    supervised.restarts += 1;
    logger.error({ child: supervised.name, code, signal, restartInMs: delay }, `${supervised.name} exited; restarting`);
    supervised.pendingRestart = setTimeout(() => {
      supervised.pendingRestart = undefined;
      if (!stopping) spawnChild(supervised, databaseUrl, onListening);
    }, delay);
  });
}

function restartNowIfWaiting(supervised: Supervised, databaseUrl: string, onListening: () => void): void {
  if (!supervised.pendingRestart || stopping) return;
  clearTimeout(supervised.pendingRestart);
  supervised.pendingRestart = undefined;
  supervised.restarts = 0;
  spawnChild(supervised, databaseUrl, onListening);
}

/**
 * The embedded postmaster is one of the supervised processes: if it dies
 * (killed, out of memory), it is started again on the same port, so the
 * children's DATABASE_URL stays valid and their pools reconnect. PostgreSQL
 * replays its WAL on start, so committed work survives. Retried with
 * backoff while it cannot start yet (its old backends still exiting).
 */
function superviseEmbeddedPostgres(embedded: EmbeddedDatabase, url: string, dataDir: string, onRestarted: (restarted: EmbeddedDatabase) => void): void {
  const port = Number(new URL(url).port);
  embedded.onUnexpectedExit(async ({ code, signal }) => {
    if (stopping) return;
    logger.error({ code, signal }, "embedded PostgreSQL exited; restarting it");
    for (let attempt = 0; !stopping; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)));
      if (stopping) return;
      try {
        const restarted = await startEmbeddedPostgres({ dataDir, port, log: (message) => logger.debug({ component: "embedded-postgres" }, message) });
        logger.warn({ port }, "embedded PostgreSQL is up again");
        superviseEmbeddedPostgres(restarted, url, dataDir, onRestarted);
        onRestarted(restarted);
        return;
      } catch (error) {
        logger.error({ err: error, attempt }, "embedded PostgreSQL did not start yet; retrying");
      }
    }
  });
}

function stopChild(supervised: Supervised): Promise<void> {
  const child = supervised.child;
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function pidFile(dataDir: string): string {
  return path.join(dataDir, "supervisor.pid");
}

/**
 * A supervisor whose terminal was killed can outlive it and hold the port.
 * One Reconstream per data directory: the newer start replaces the older.
 */
async function stopPreviousSupervisor(dataDir: string): Promise<void> {
  const file = pidFile(dataDir);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, "utf8"));
  if (!Number.isInteger(pid) || pid === process.pid || !isOurSupervisor(pid)) return;
  logger.warn({ pid }, "another Reconstream is running on this data directory; stopping it");
  process.kill(pid, "SIGTERM");
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 200) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isOurSupervisor(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("scripts/start");
  } catch {
    // No /proc (macOS): trust the pid file only if the process exists.
    return isAlive(pid);
  }
}

/**
 * Jobs locked by a worker that was killed hard stay locked for 4 hours in
 * graphile-worker. With the embedded database we just started ourselves,
 * every earlier worker is certainly dead, so their locks can go now.
 */
async function releaseJobsOfDeadWorkers(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ locked_by: string }[]>`
      select distinct locked_by from graphile_worker._private_jobs where locked_by is not null`;
    if (rows.length === 0) return;
    const utils = await makeWorkerUtils({ connectionString: databaseUrl });
    try {
      await utils.forceUnlockWorkers(rows.map((row) => row.locked_by));
      logger.warn({ workers: rows.length }, "released jobs locked by workers of an earlier run");
    } finally {
      await utils.release();
    }
  } finally {
    await sql.end();
  }
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "could not start Reconstream");
  process.exit(1);
});
