import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "~/platform/db/embedded-postgres";
import { migrateDatabase } from "~/platform/db/migrate";
import { buildIfNeeded } from "../../scripts/build-if-needed";

/**
 * Once per `vitest run`: a PostgreSQL server (DATABASE_URL's when set, else an
 * embedded one in a temp dir), one migrated template database, and an
 * up-to-date Remix build for the HTTP tests.
 */
declare module "vitest" {
  interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    runId: string;
  }
}

export default async function setup(project: TestProject) {
  buildIfNeeded((message) => console.log(message));
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  let embedded: EmbeddedDatabase | undefined;
  let tempDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    tempDir = mkdtempSync(path.join(os.tmpdir(), "reconstream-test-pg-"));
    embedded = await startEmbeddedPostgres({ dataDir: tempDir });
    serverUrl = embedded.url;
  }
  const adminUrl = withDatabase(serverUrl, "postgres");
  const templateDatabase = `rs_template_${runId}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${templateDatabase}`);
  await migrateDatabase(withDatabase(serverUrl, templateDatabase));

  project.provide("adminDatabaseUrl", adminUrl);
  project.provide("templateDatabase", templateDatabase);
  project.provide("runId", runId);

  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`rs_%${runId}%`}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
    await embedded?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
