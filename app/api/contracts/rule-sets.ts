import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";

const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const notFound = { 404: { description: "No such rule set in your organization", schema: ProblemSchema } };
const invalid = { 422: { description: "Invalid body; each problem has a JSON pointer", schema: ProblemSchema } };
const archivedConflict = { 409: { description: "The rule set is archived", schema: ProblemSchema } };

// The engine builds its schema with plain zod, possibly before ../zod adds .openapi(); zod v4 copies
// prototype methods onto an instance when it is constructed, so a clone made now has it.
export const RuleSetDefinitionSchema = ruleSetDefinitionSchema.clone().openapi("RuleSetDefinition", {
  description: "Mappings for both sides, the matching passes in order, severity rules, lookups and holidays.",
});

const RuleSetStatusSchema = z.enum(["active", "archived"]).openapi("RuleSetStatus");
const Sha256Schema = z.string().openapi({ description: "sha256 (hex) of the RFC 8785 canonical JSON of the definition" });

export const RuleSetSchema = z
  .object({
    id: z.string(),
    object: z.literal("rule_set"),
    name: z.string(),
    description: z.string().nullable(),
    status: RuleSetStatusSchema,
    latestVersion: z.number().int(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    archivedAt: IsoDateTime.nullable(),
    definition: RuleSetDefinitionSchema,
    definitionSha256: Sha256Schema,
  })
  .openapi("RuleSet");

export const RuleSetVersionSchema = z
  .object({
    id: z.string(),
    object: z.literal("rule_set_version"),
    ruleSetId: z.string(),
    version: z.number().int(),
    definition: RuleSetDefinitionSchema,
    definitionSha256: Sha256Schema,
    createdAt: IsoDateTime,
    createdBy: z.string().openapi({ description: "Who created this version (user email or API key label)" }),
  })
  .openapi("RuleSetVersion");

// PostgreSQL text cannot hold U+0000; a 422 beats a failed insert.
const noNul = (text: string) => !text.includes("\u0000");
const nameSchema = z.string().trim().min(1).max(200).refine(noNul, "must not contain the NUL character");
const descriptionSchema = z.string().trim().max(2000).refine(noNul, "must not contain the NUL character").nullable();

export const listRuleSetsOp = defineOperation({
  operationId: "listRuleSets",
  method: "GET",
  path: "/api/v1/rule-sets",
  tag: "Rule sets",
  summary: "List rule sets (newest first)",
  access: "org:read",
  query: ListQuerySchema.extend({
    status: RuleSetStatusSchema.optional().openapi({ description: "Only rule sets in this status (default: both)" }),
    q: z.string().trim().min(1).max(200).optional().openapi({ description: "Case-insensitive substring of the name" }),
  }),
  responses: { 200: { description: "A page of rule sets", schema: listOf(RuleSetSchema, "RuleSetList") }, ...problems },
});

export const createRuleSetOp = defineOperation({
  operationId: "createRuleSet",
  method: "POST",
  path: "/api/v1/rule-sets",
  tag: "Rule sets",
  summary: "Create a rule set; its definition becomes version 1",
  access: "config:write",
  body: z
    .object({ name: nameSchema, description: descriptionSchema.optional(), definition: RuleSetDefinitionSchema })
    .strict(),
  responses: { 201: { description: "Created", schema: RuleSetSchema }, ...problems, ...invalid },
});

export const getRuleSetOp = defineOperation({
  operationId: "getRuleSet",
  method: "GET",
  path: "/api/v1/rule-sets/{id}",
  tag: "Rule sets",
  summary: "Get a rule set with its latest definition",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The rule set", schema: RuleSetSchema }, ...problems, ...notFound },
});

export const updateRuleSetOp = defineOperation({
  operationId: "updateRuleSet",
  method: "PATCH",
  path: "/api/v1/rule-sets/{id}",
  tag: "Rule sets",
  summary: "Rename or describe a rule set, or give it a new definition",
  description:
    "A `definition` that differs from the latest one (by canonical sha256) becomes a new version; an identical one " +
    "creates none. Earlier versions never change.",
  access: "config:write",
  params: IdParamsSchema,
  body: z
    .object({ name: nameSchema.optional(), description: descriptionSchema.optional(), definition: RuleSetDefinitionSchema.optional() })
    .strict(),
  responses: {
    200: { description: "The rule set", schema: RuleSetSchema },
    ...problems,
    ...notFound,
    ...archivedConflict,
    ...invalid,
  },
});

export const getRuleSetVersionOp = defineOperation({
  operationId: "getRuleSetVersion",
  method: "GET",
  path: "/api/v1/rule-sets/{id}/versions/{n}",
  tag: "Rule sets",
  summary: "Get one version of a rule set's definition (versions are immutable)",
  access: "org:read",
  params: IdParamsSchema.extend({
    n: z.coerce.number().int().min(1).max(2_147_483_647).openapi({ description: "Version number, from 1" }),
  }),
  responses: {
    200: { description: "The version", schema: RuleSetVersionSchema },
    ...problems,
    404: { description: "No such rule set or version in your organization", schema: ProblemSchema },
  },
});

export const archiveRuleSetOp = defineOperation({
  operationId: "archiveRuleSet",
  method: "POST",
  path: "/api/v1/rule-sets/{id}/archive",
  tag: "Rule sets",
  summary: "Archive a rule set; it can no longer be changed",
  access: "config:write",
  params: IdParamsSchema,
  responses: {
    200: { description: "The archived rule set", schema: RuleSetSchema },
    ...problems,
    ...notFound,
    409: { description: "Already archived", schema: ProblemSchema },
  },
});
