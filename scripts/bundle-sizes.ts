/**
 * First-load JS per page of the production build: the entry, then every route
 * module from root down to the page, with each chunk they import, raw and
 * gzip. The issue budgets first-load JS; this prints what a cold visit costs.
 *
 *   node --import tsx scripts/bundle-sizes.ts [--budget] [routes/_app._index …]   (after remix build)
 *
 * `npm run build` runs it with --budget: a page whose first load exceeds
 * FIRST_LOAD_BUDGET_KIB (gzip) fails the build. The heaviest pages are the
 * React Flow ones (editor, run page with lineage); charts load as their own
 * chunk after first paint. See README, "Front-end budget".
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

interface ManifestRoute {
  id: string;
  parentId?: string;
  module: string;
  imports?: string[];
}
interface Manifest {
  entry: { module: string; imports: string[] };
  routes: Record<string, ManifestRoute>;
}

const buildDir = path.resolve("public/build");
const manifestFile = readdirSync(buildDir).find((name) => name.startsWith("manifest-"));
if (!manifestFile) throw new Error("no public/build/manifest-*.js: run npm run build first");
const manifest = JSON.parse(
  readFileSync(path.join(buildDir, manifestFile), "utf8").replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, ""),
) as Manifest;

function chainOf(id: string): ManifestRoute[] {
  const chain: ManifestRoute[] = [];
  for (let route = manifest.routes[id]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) chain.unshift(route);
  return chain;
}

/** First-load JS per page, gzip: what a cold visit on a slow connection can afford. */
const FIRST_LOAD_BUDGET_KIB = 256;

const enforce = process.argv.includes("--budget");
const requested = process.argv.slice(2).filter((arg) => arg !== "--budget");
const overBudget: string[] = [];
console.log(`first-load JS per page (budget ${FIRST_LOAD_BUDGET_KIB} KiB gzip):`);
const pages = requested.length > 0 ? requested : Object.keys(manifest.routes).filter((id) => id !== "root" && id !== "routes/_app" && !id.startsWith("routes/api."));
for (const id of pages) {
  if (!manifest.routes[id]) {
    console.log(`${id}: not in the build`);
    continue;
  }
  const files = new Set([manifest.entry.module, ...manifest.entry.imports]);
  for (const route of chainOf(id)) for (const file of [route.module, ...(route.imports ?? [])]) files.add(file);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(buildDir, file.replace(/^\/build\//, "")));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  const over = gzip / 1024 > FIRST_LOAD_BUDGET_KIB;
  if (over) overBudget.push(id);
  console.log(`${id.padEnd(40)} ${(raw / 1024).toFixed(0).padStart(5)} KiB  ${(gzip / 1024).toFixed(0).padStart(4)} KiB gzip  (${files.size} files)${over ? "  OVER BUDGET" : ""}`);
}
if (enforce && overBudget.length > 0) {
  console.error(`first-load JS over the ${FIRST_LOAD_BUDGET_KIB} KiB gzip budget: ${overBudget.join(", ")}`);
  process.exitCode = 1;
}
