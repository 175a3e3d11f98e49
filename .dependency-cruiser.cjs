/**
 * The layers of docs/architecture (README "Architecture"): arrows point down only.
 *   routes/components → http/api → modules (faces only) → platform → core
 * `npm run lint` runs this; a new upward or sideways import fails it.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const OUTSIDE_CORE = "^app/(platform|modules|http|api|routes|components|root|entry)|^(worker|server|scripts)/";
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles make initialization order fragile and hide which module owns what.",
      from: { path: "^(app|worker|server)/" },
      to: { circular: true },
    },
    {
      name: "core-is-pure",
      severity: "error",
      comment: "app/core imports nothing outside itself: no database, storage, modules or web layer.",
      from: { path: "^app/core/" },
      to: { path: OUTSIDE_CORE },
    },
    {
      name: "core-has-no-io",
      severity: "error",
      comment: "app/core reads no files, opens no connections and starts no threads; the platform and modules do.",
      from: { path: "^app/core/" },
      to: { dependencyTypes: ["core"], path: "^(node:)?(fs|fs/promises|net|http|https|child_process|worker_threads|cluster|dgram|dns|tls)$" },
    },
    {
      name: "core-values-at-the-bottom",
      severity: "error",
      comment: "Value types and parsers depend on nothing else in core.",
      from: { path: "^app/core/values/" },
      to: { path: "^app/core/(ingest|adapters|engine)/" },
    },
    {
      name: "ingest-does-not-reach-the-engine",
      severity: "error",
      comment: "Data flows ingest → engine; shared types live in core/values.",
      from: { path: "^app/core/ingest/" },
      to: { path: "^app/core/(engine|adapters)/" },
    },
    {
      name: "platform-has-no-domain",
      severity: "error",
      comment: "app/platform is input/output with no domain: it imports core at most.",
      from: { path: "^app/platform/" },
      to: { path: "^app/(modules|http|api|routes|components)/|^(worker|server)/" },
    },
    {
      name: "modules-below-the-web",
      severity: "error",
      comment: "Modules know nothing of HTTP, contracts or pages; app/api/views shapes responses.",
      from: { path: "^app/modules/" },
      to: { path: "^app/(http|api|routes|components)/|^(worker|server)/" },
    },
    {
      name: "one-face-per-module",
      severity: "error",
      comment: "Outside a module, import only its face: index.server.ts, or index.ts for client-safe pieces.",
      from: { path: "^(app|worker|server|scripts)/", pathNot: "^app/modules/" },
      to: { path: "^app/modules/[^/]+/.+", pathNot: "^app/modules/[^/]+/index(\\.server)?\\.ts$" },
    },
    {
      name: "one-face-between-modules",
      severity: "error",
      comment: "A module reaches another module only through that module's face.",
      from: { path: "^app/modules/([^/]+)/" },
      to: { path: "^app/modules/[^/]+/.+", pathNot: ["^app/modules/$1/", "^app/modules/[^/]+/index(\\.server)?\\.ts$"] },
    },
    {
      name: "api-and-http-below-pages",
      severity: "error",
      comment: "Contracts, views and the HTTP plumbing never import pages.",
      from: { path: "^app/(api|http)/" },
      to: { path: "^app/(routes|components)/" },
    },
    {
      name: "worker-below-the-web",
      severity: "error",
      comment: "Worker tasks call modules' faces, never the web layer.",
      from: { path: "^worker/" },
      to: { path: "^app/(http|routes|components)/|^server/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|build|public|tests)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
