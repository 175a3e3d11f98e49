import { chmodSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

/**
 * A database of its own for one bench run: on DATABASE_URL's server when set,
 * otherwise on an embedded PostgreSQL under `dataDir`. `drop` removes the
 * database (and stops the embedded server).
 */
export async function createScratchDatabase(prefix: string, dataDir: string): Promise<{ url: string; drop(): Promise<void> }> {
  let serverUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    // mkdtemp makes dataDir 0700; as root the cluster runs as the "postgres" user, which must traverse it to reach bench-pg.
    chmodSync(dataDir, 0o755);
    const { startEmbeddedPostgres } = await import("~/platform/db/embedded-postgres");
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "bench-pg") });
    serverUrl = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  const database = `${prefix}_${Date.now().toString(36)}`;
  const adminUrl = new URL(serverUrl);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.end();
      await stopEmbedded?.();
    },
  };
}
