import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { getEnv } from "~/platform/env.server";
import { getLogger } from "~/platform/observability/logger.server";
import { ensureTemplateCatalog } from "~/modules/templates/index.server";
import { closeDb } from "~/platform/db/client";
import { resolveDatabase } from "~/platform/db/connection";
import { migrateDatabase } from "~/platform/db/migrate";
import { exitWithParent, onShutdownSignal, type WebListening } from "../scripts/process-lifecycle";
import { createWebApp } from "./app";

/**
 * The web process alone (`npm run start:web`): N of these can run against one
 * PostgreSQL. Under `npm start` the supervisor runs it as a child.
 */
const logger = getLogger().child({ process: "web" });

async function main() {
  const env = getEnv();
  const database = await resolveDatabase((message) => logger.debug({ component: "embedded-postgres" }, message));
  // Safe with N processes starting at once: migrations take an advisory lock and are a no-op when current.
  await migrateDatabase(database.url);
  const buildPath = path.resolve("build/index.js");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const app = createWebApp({ build });
  const server = app.listen(env.PORT, env.HOST, () => {
    logger.info({ port: env.PORT, host: env.HOST, version: env.APP_VERSION }, `web listening on http://localhost:${env.PORT}`);
    // The supervisor says "ready" only now that the port answers, not when it forked this process.
    process.send?.({ type: "listening" } satisfies WebListening);
  });
  server.keepAliveTimeout = 65_000;
  // Template packs load now so an invalid one is logged at start; the app serves either way (see templates.server.ts).
  ensureTemplateCatalog().catch((error: unknown) => logger.error({ err: error }, "template packs could not be loaded"));

  const shutdown = async (reason: string) => {
    logger.info({ reason }, "web shutting down");
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await closeDb();
    await database.release();
    process.exit(0);
  };
  onShutdownSignal(shutdown);
  exitWithParent(() => void shutdown("supervisor went away"));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "web failed to start");
  process.exit(1);
});
