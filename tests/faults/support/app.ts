import { spawn, type ChildProcess } from "node:child_process";
import { findFreePort } from "~/platform/db/embedded-postgres";
import { stopApp, waitForHealthyApp } from "../../support/app-process";

/**
 * The app as `npm start` runs it (supervisor → web + worker), against this
 * test file's database and DATA_DIR (tests/support/setup-database.ts), so a
 * fault test can kill, stop and restart real processes. `env` adds or
 * overrides settings (recovery times, limits).
 */
export interface FaultApp {
  baseUrl: string;
  process: ChildProcess;
  /** Everything the app printed, for assertions and for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

export async function startFaultApp(options: { env?: NodeJS.ProcessEnv; healthTimeoutMs?: number } = {}): Promise<FaultApp> {
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? "warn", ...options.env };
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthyApp(baseUrl, child, options.healthTimeoutMs ?? 90_000);
  } catch (error) {
    await stopApp(child);
    throw new Error(`${(error as Error).message}\n--- app output ---\n${output.slice(-5000)}`);
  }
  return { baseUrl, process: child, output: () => output, stop: () => stopApp(child) };
}
