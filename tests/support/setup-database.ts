import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDb } from "~/platform/db/client";

/**
 * Per test file: a fresh database cloned from the migrated template and a
 * fresh DATA_DIR, wired in through the environment before any app module
 * reads it.
 */
const adminUrl = inject("adminDatabaseUrl");
const template = inject("templateDatabase");
const runId = inject("runId");
const database = `rs_${randomBytes(4).toString("hex")}_${runId}`;

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${database} template ${template}`);

const url = new URL(adminUrl);
url.pathname = `/${database}`;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "reconstream-test-data-"));
process.env.DATABASE_URL = url.toString();
process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL ??= "silent";
process.env.NODE_ENV = "test";

afterAll(async () => {
  await closeDb();
  await admin.unsafe(`drop database if exists ${database} with (force)`);
  await admin.end();
  rmSync(dataDir, { recursive: true, force: true });
});
