import { getEnv, setDatabaseUrl } from "~/platform/env.server";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";

/**
 * DATABASE_URL when given; otherwise the embedded cluster under DATA_DIR,
 * started (or attached to) on demand. Callers must call release() on exit.
 */
export async function resolveDatabase(log?: (message: string) => void): Promise<{
  url: string;
  embedded: EmbeddedDatabase | undefined;
  release(): Promise<void>;
}> {
  const env = getEnv();
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: undefined, release: async () => {} };
  const embedded = await startEmbeddedPostgres({ dataDir: env.DATA_DIR, log });
  setDatabaseUrl(embedded.url);
  return { url: embedded.url, embedded, release: () => embedded.stop() };
}
