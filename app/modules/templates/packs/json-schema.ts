import { z } from "zod";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { CURRENT_MANIFEST_VERSION, packManifestSchema } from "./pack-schema";

/**
 * The JSON Schema of reconstream-pack.json, generated from the zod schema
 * the loader validates with (committed as plugins/pack.schema.json, served
 * at GET /api/v1/templates/schema.json). Rule-set definitions get the API's
 * rule-set schema, where any number or boolean may also be a
 * `{{params.x}}` placeholder, so an editor checks them as the loader will.
 */
type JsonSchema = Record<string, unknown>;

const PLACEHOLDER_PATTERN = "^\\{\\{\\s*params\\.[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z]+)?\\s*\\}\\}$";

export function packJsonSchema(): JsonSchema {
  const manifest = z.toJSONSchema(packManifestSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const definition = allowPlaceholders(z.toJSONSchema(ruleSetDefinitionSchema, { io: "input", unrepresentable: "any" }) as JsonSchema);
  delete definition.$schema;
  const ruleSetItem = ((manifest.properties as Record<string, JsonSchema>).ruleSets!.items as JsonSchema).properties as Record<string, JsonSchema>;
  ruleSetItem.definition = { description: "A rule-set definition as POST /api/v1/rule-sets takes it; numbers and booleans may be {{params.x}} or {{params.x.part}}.", ...definition };
  return {
    ...manifest,
    // Versioned with the manifest: an editor caching the schema by $id picks up a new manifest version. Version 1 manifests validate against it too.
    $id: `https://reconstream.dev/api/v1/templates/pack.schema.v${CURRENT_MANIFEST_VERSION}.json`,
    title: `Reconstream template pack (reconstream-pack.json), manifest version ${CURRENT_MANIFEST_VERSION}`,
  };
}

function allowPlaceholders(node: unknown): JsonSchema {
  if (Array.isArray(node)) return node.map(allowPlaceholders) as unknown as JsonSchema;
  if (node === null || typeof node !== "object") return node as JsonSchema;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) copy[key] = typeof value === "object" ? allowPlaceholders(value) : value;
  if (copy.type === "number" || copy.type === "integer" || copy.type === "boolean") {
    const { description, default: defaultValue, ...typed } = copy;
    return {
      ...(description === undefined ? {} : { description }),
      ...(defaultValue === undefined ? {} : { default: defaultValue }),
      anyOf: [typed, { type: "string", pattern: PLACEHOLDER_PATTERN }],
    };
  }
  return copy;
}
