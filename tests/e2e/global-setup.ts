import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { findFreePort } from "~/platform/db/embedded-postgres";
import { stopApp, waitForHealthyApp } from "../support/app-process";

/**
 * Starts the real app (supervisor → web + worker) the way `npm start` does.
 * Without DATABASE_URL it brings up its own embedded PostgreSQL in a fresh
 * DATA_DIR, which is the first-run path a new user takes.
 */
export default async function globalSetup() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "reconstream-e2e-"));
  chmodSync(dataDir, 0o755);
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" };

  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const name = `rs_e2e_${Date.now().toString(36)}`;
    const adminUrl = new URL(process.env.DATABASE_URL);
    adminUrl.pathname = "/postgres";
    const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    delete env.DATABASE_URL;
  }

  const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "inherit", "inherit"] });
  const baseUrl = `http://127.0.0.1:${port}`;
  // Generous: on a machine shared with other builds the first start (migrations, worker threads) can take well over a minute.
  try {
    await waitForHealthyApp(baseUrl, app, Number(process.env.E2E_START_TIMEOUT_MS ?? 240_000));
  } catch (error) {
    // No teardown runs after a failed setup: stop the app here, or it outlives the test run.
    await stopApp(app);
    await dropDatabase?.();
    throw error;
  }
  process.env.E2E_BASE_URL = baseUrl;
  // Tests that need the CLI reach the same database through these.
  process.env.E2E_DATA_DIR = dataDir;
  process.env.E2E_DATABASE_URL = env.DATABASE_URL ?? "";

  return async () => {
    await stopApp(app);
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
