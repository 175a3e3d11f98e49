import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * `npm start` must work on a fresh clone, so it builds when the build is
 * missing or older than any source it is made from.
 */
const SOURCES = ["app", "remix.config.js", "tailwind.config.ts", "package-lock.json"];
const OUTPUTS = ["build/index.js", "public/build"];

export function buildIfNeeded(log: (message: string) => void): void {
  if (!needsBuild()) return;
  log("building the web app (remix build)…");
  const result = spawnSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error(`remix build failed with exit code ${result.status}`);
}

function needsBuild(): boolean {
  if (!OUTPUTS.every((output) => existsSync(output))) return true;
  const builtAt = statSync("build/index.js").mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > builtAt);
}

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}
