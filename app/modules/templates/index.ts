export { packJsonSchema } from "./packs/json-schema";
export { parseRunbook } from "./packs/runbook-markdown";
export type { Block, Inline } from "./packs/runbook-markdown";
