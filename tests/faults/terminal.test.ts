import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { findFreePort } from "~/platform/db/embedded-postgres";

/**
 * `npm start` as a person runs it in a terminal (issue #20 §5): the embedded
 * database in a fresh DATA_DIR, "ready" printed only once the port answers,
 * and Ctrl-C (SIGINT to the whole foreground process group, as a terminal
 * sends it) stops web and worker first, then the database, exit code 0 and
 * not one error line. Logs at debug, so the database's own shutdown lines
 * and the periodic jobs' lines are there to be checked too.
 */
interface LogLine {
  level?: number;
  msg?: string;
  process?: string;
  component?: string;
  job?: unknown;
  raw: string;
}

// The cluster runs as the unprivileged "postgres" user when the tests run as root: DATA_DIR must be traversable.
const parent = mkdtempSync(path.join(os.tmpdir(), "reconstream-terminal-"));
chmodSync(parent, 0o755);
const dataDir = path.join(parent, "data");
let app: ChildProcess | undefined;

afterAll(() => {
  if (app?.exitCode === null && app.pid) process.kill(-app.pid, "SIGKILL");
  rmSync(parent, { recursive: true, force: true });
});

it("says ready only when the port answers, and Ctrl-C stops web and worker, then the database, without an error line", async () => {
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "debug", LOG_FORMAT: "json" };
  delete env.DATABASE_URL;
  // Its own process group, so the test can signal the group the way a terminal's Ctrl-C does.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  app = child;
  const lines: LogLine[] = [];
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));

  const portAnsweredAtReady = new Promise<boolean>((resolve, reject) => {
    let buffered = "";
    let answered = false;
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const complete = buffered.split("\n");
      buffered = complete.pop()!;
      for (const raw of complete) {
        const line = parseLine(raw);
        lines.push(line);
        // Checked the moment the line is read: a port that is not listening yet refuses the connection.
        if (!answered && line.msg?.includes(`ready on http://localhost:${port}`)) {
          answered = true;
          void portAnswers(port).then(resolve, reject);
        }
      }
    });
    child.once("exit", (code) => reject(new Error(`the app exited (${code}) before it was ready\n${tail(lines, stderr)}`)));
  });
  expect(await portAnsweredAtReady).toBe(true);

  // The worker has started and run its first heartbeat: the stop below interrupts a running system, not a starting one.
  await waitForWorker(port, () => tail(lines, stderr));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  process.kill(-child.pid!, "SIGINT");
  expect(await exited, tail(lines, stderr)).toBe(0);

  const errors = [...lines.filter((line) => (line.level ?? 0) >= 50 || /terminating connection|error/i.test(line.level === undefined ? line.raw : "")).map((line) => line.raw), ...stderr.split("\n").filter(Boolean)];
  expect(errors).toEqual([]);
  expect(lines.some((line) => /terminating connection/.test(line.raw))).toBe(false);

  // Order: both children said they were shutting down and exited before the database got its shutdown request.
  const indexOf = (predicate: (line: LogLine) => boolean) => lines.findIndex(predicate);
  const webDown = indexOf((line) => line.process === "web" && line.msg === "web shutting down");
  const workerDown = indexOf((line) => line.process === "worker" && /^worker shutting down/.test(line.msg ?? ""));
  const databaseDown = indexOf((line) => line.component === "embedded-postgres" && /received fast shutdown request/.test(line.msg ?? ""));
  expect({ webDown: webDown >= 0, workerDown: workerDown >= 0, databaseDown: databaseDown >= 0 }).toEqual({ webDown: true, workerDown: true, databaseDown: true });
  expect(databaseDown).toBeGreaterThan(Math.max(webDown, workerDown));
  expect(lines.at(-1)?.msg).toBe("stopped");
  expect(existsSync(path.join(dataDir, "pg", "postmaster.pid"))).toBe(false);

  // The periodic heartbeat job is a short debug line, never an info line carrying the whole job row.
  const heartbeatLines = lines.filter((line) => /Completed task .*\(heartbeat/.test(line.msg ?? ""));
  expect(heartbeatLines.length).toBeGreaterThan(0);
  for (const line of heartbeatLines) {
    expect(line.level).toBe(20);
    expect(line.raw.length).toBeLessThan(400);
  }
}, 150_000);

function parseLine(raw: string): LogLine {
  try {
    return { ...(JSON.parse(raw) as Omit<LogLine, "raw">), raw };
  } catch {
    return { raw };
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitForWorker(port: number, output: () => string): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    const health = (await (await fetch(`http://127.0.0.1:${port}/api/v1/health`)).json()) as { worker?: string };
    if (health.worker === "ok") return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the worker never reported healthy\n${output()}`);
}

function tail(lines: LogLine[], stderr: string): string {
  return `${lines
    .slice(-40)
    .map((line) => line.raw)
    .join("\n")}\n--- stderr ---\n${stderr.slice(-3000)}`;
}
