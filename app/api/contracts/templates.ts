import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ProblemSchema } from "../common-schemas";
import { z } from "../zod";

/**
 * Template packs: the catalog, a pack's detail, instantiation into the org's
 * own rule sets and stream, private uploads, and the manifest's JSON Schema.
 * Every org-scoped operation answers 404 when the org's `templates` flag is off.
 */
const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const notFound = { 404: { description: "No such template for your organization (or templates are off for it)", schema: ProblemSchema } };

const PackProblemSchema = z
  .object({
    pack: z.string(),
    file: z.string().openapi({ description: "The file in the pack, e.g. reconstream-pack.json" }),
    pointer: z.string().optional().openapi({ description: "JSON pointer into that file" }),
    line: z.number().int().optional(),
    message: z.string(),
  })
  .openapi("TemplatePackProblem");

export const TemplateSchema = z
  .object({
    id: z.string().openapi({ description: "The pack id, e.g. ecommerce-payouts" }),
    object: z.literal("template"),
    name: z.string(),
    industry: z.string(),
    description: z.string(),
    latestVersion: z.string(),
    visibility: z.enum(["public", "private"]),
    versions: z.array(z.object({ version: z.string(), sha256: z.string(), origin: z.enum(["plugins", "npm", "upload"]), createdAt: IsoDateTime })),
    author: z.string(),
    license: z.string(),
    engine: z.string(),
    keywords: z.array(z.string()),
    createdAt: IsoDateTime,
  })
  .openapi("Template");

export const TemplateDetailSchema = TemplateSchema.extend({
  parameters: z.record(z.string(), z.record(z.string(), z.unknown())).openapi({
    description:
      "What a clone customizes, as the pack declares it (type, default, description…), plus `constraints`: the value's shape (`valueShape`), the money currency and decimals, pattern, bounds, options, and for a fileInput the accepted canonical schemas or adapters with their titles",
  }),
  inputs: z.record(z.string(), z.record(z.string(), z.unknown())).openapi({ description: "The file kinds the pack reads: format adapter or generic format, recognition signature" }),
  severityDefaults: z.record(z.string(), z.unknown()).nullable(),
  ruleSets: z.array(z.object({ key: z.string(), name: z.string(), description: z.string().nullable() })),
  streams: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      steps: z.array(z.object({ key: z.string(), name: z.string(), ruleSet: z.string(), inputs: z.record(z.string(), z.unknown()) })),
      layout: z.object({ nodes: z.record(z.string(), z.object({ x: z.number(), y: z.number() })) }).openapi({ description: "React Flow node positions" }),
    }),
  ),
  runbook: z.string().nullable().openapi({ description: "The operators' runbook (markdown)" }),
}).openapi("TemplateDetail");

const TemplateListSchema = z
  .object({
    object: z.literal("list"),
    data: z.array(TemplateSchema),
    hasMore: z.boolean(),
    nextCursor: z.string().nullable(),
    invalid: z
      .array(z.object({ id: z.string(), object: z.literal("template_problem"), origin: z.enum(["plugins", "npm"]), problems: z.array(PackProblemSchema) }))
      .openapi({ description: "Packs found at start that are not offered: invalid, or changed without a new version, with located problems" }),
  })
  .openapi("TemplateList");

export const InstantiateTemplateBodySchema = z
  .object({
    version: z.string().min(1).max(64).optional().openapi({ description: "Default: the latest version" }),
    parameters: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.object({ amount: z.unknown(), currency: z.unknown().optional() })]))
      .default({})
      .openapi({ description: 'By name. money: { "amount": "1000.00", "currency": "USD" } (amount as text in major units); duration: "P3D"; percentage: "1.5"; others as JSON values' }),
    name: z.string().trim().min(1).max(150),
  })
  .strict()
  .openapi("InstantiateTemplate");

const InstantiationSchema = z
  .object({
    object: z.literal("template_instantiation"),
    templateId: z.string(),
    version: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    ruleSets: z.array(z.object({ key: z.string(), id: z.string(), name: z.string(), version: z.number().int() })),
    streams: z.array(z.object({ key: z.string(), id: z.string(), name: z.string() })),
    columnMappings: z
      .array(z.object({ key: z.string(), id: z.string(), name: z.string(), created: z.boolean() }))
      .openapi({ description: "The pack's column mappings as the org's saved mappings; created false: an earlier instantiation of this version saved it" }),
  })
  .openapi("TemplateInstantiation");

export const listTemplatesOp = defineOperation({
  operationId: "listTemplates",
  method: "GET",
  path: "/api/v1/templates",
  tag: "Templates",
  summary: "The template catalog: public packs and the organization's private ones, plus packs skipped with their problems",
  access: "org:read",
  query: z.object({}).strict(),
  responses: { 200: { description: "The catalog", schema: TemplateListSchema }, ...problems, ...notFound },
});

export const uploadTemplateOp = defineOperation({
  operationId: "uploadTemplate",
  method: "POST",
  path: "/api/v1/templates",
  tag: "Templates",
  summary: "Upload a private pack (.tgz, multipart part `file`) for this organization only",
  description:
    "The archive (as `npm run cli -- pack:build` writes it) is read in memory by a strict tar reader and validated like any pack. " +
    "Links, absolute paths, `..`, code files (.js, .ts, .sh, …) and package.json scripts are refused; nothing in it is ever run. " +
    "Uploading the same version again with the same content is a no-op (200); with other content it is a 409.",
  access: "config:write",
  idempotent: false,
  responses: {
    201: { description: "Registered", schema: TemplateSchema },
    200: { description: "This exact version was already registered", schema: TemplateSchema },
    ...problems,
    409: { description: "The version exists with other content, or the id is a public pack's", schema: ProblemSchema },
    413: { description: "The archive is too large", schema: ProblemSchema },
    415: { description: "Not multipart/form-data", schema: ProblemSchema },
    422: { description: "Invalid pack; each problem names the file and JSON pointer", schema: ProblemSchema },
  },
});

export const getTemplateOp = defineOperation({
  operationId: "getTemplate",
  method: "GET",
  path: "/api/v1/templates/{id}",
  tag: "Templates",
  summary: "A template: versions, parameters, inputs, streams with their layout, runbook (of the latest version)",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The template", schema: TemplateDetailSchema }, ...problems, ...notFound },
});

export const instantiateTemplateOp = defineOperation({
  operationId: "instantiateTemplate",
  method: "POST",
  path: "/api/v1/templates/{id}/instantiate",
  tag: "Templates",
  summary: "Create the organization's own rule sets and streams from a pack version",
  description:
    "Parameters are type-checked against the pack's declarations (unknown names and wrong types are 422 with pointers under /parameters, e.g. /parameters/criticalMismatchOver/amount); money amounts become exact minor units in the rule sets. " +
    "Each stream step is pinned to version 1 of its new rule set; the stream's `origin` records {templateId, version, sha256, streamKey}.",
  access: "config:write",
  params: IdParamsSchema,
  body: InstantiateTemplateBodySchema,
  responses: {
    201: { description: "Created", schema: InstantiationSchema },
    ...problems,
    ...notFound,
    422: { description: "Parameters that do not fit", schema: ProblemSchema },
  },
});

export const templateSchemaOp = defineOperation({
  operationId: "getTemplateSchema",
  method: "GET",
  path: "/api/v1/templates/schema.json",
  tag: "Templates",
  summary: "The JSON Schema of reconstream-pack.json, for editors",
  description: "Public (no credentials): editors fetch it from a pack's `$schema`. It describes the format and holds no organization data.",
  access: "public",
  responses: { 200: { description: "JSON Schema (draft 2020-12)", schema: z.record(z.string(), z.unknown()) } },
});
