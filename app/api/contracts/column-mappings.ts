import { CANONICAL_SCHEMA_IDS } from "~/core/canonical/schemas";
import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";

const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const notFound = { 404: { description: "No such column mapping in your organization", schema: ProblemSchema } };
const invalid = {
  422: { description: "An invalid mapping; each problem has a JSON pointer (e.g. /fields/amount/column)", schema: ProblemSchema },
};

// PostgreSQL text cannot hold U+0000; a 422 beats a failed insert.
const noNul = (text: string) => !text.includes("\u0000");

export const CanonicalSchemaIdSchema = z.enum(CANONICAL_SCHEMA_IDS).openapi("CanonicalSchemaId", {
  description: "A canonical record schema (docs/template-authoring.md, section Canonical record schemas): what kind of record each row is",
});

const nameSchema = z.string().trim().min(1).max(200).refine(noNul, "must not contain the NUL character");
const signatureSchema = z
  .object({
    columns: z
      .array(z.string().min(1).max(500).refine(noNul, "must not contain the NUL character"))
      .min(1)
      .max(500)
      .openapi({ description: "The header columns a file must have to be recognized as this mapping (their order does not matter)" }),
  })
  .strict()
  .openapi("ColumnMappingSignature");
// Each field's rule is checked in full by the service (core's columnMappingSchema and validateColumnMapping), which
// answers with pointers such as /fields/amount/decimalSeparator; here only the envelope.
const fieldsSchema = z.record(z.string().min(1).max(100), z.unknown()).openapi({
  description: "Canonical field → its rule: which column (or columns) give it and how to read them (docs/template-authoring.md, section Canonical record schemas)",
});

const CreateColumnMappingSchema = z
  .object({ name: nameSchema, schema: CanonicalSchemaIdSchema, signature: signatureSchema, fields: fieldsSchema })
  .strict()
  .openapi("CreateColumnMapping");

const UpdateColumnMappingSchema = z
  .object({ name: nameSchema.optional(), schema: CanonicalSchemaIdSchema.optional(), signature: signatureSchema.optional(), fields: fieldsSchema.optional() })
  .strict()
  .openapi("UpdateColumnMapping");

export const ColumnMappingSchema = z
  .object({
    id: z.string(),
    object: z.literal("column_mapping"),
    name: z.string(),
    schema: CanonicalSchemaIdSchema,
    signature: signatureSchema,
    fields: z.record(z.string(), z.unknown()),
    version: z.number().int().openapi({ description: "1 at creation, +1 at every update" }),
    template: z
      .object({ id: z.string(), version: z.string(), key: z.string() })
      .nullable()
      .openapi({ description: "The template pack (and its mapping key) that created it; null when a person did" }),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi("ColumnMapping");

export const listColumnMappingsOp = defineOperation({
  operationId: "listColumnMappings",
  method: "GET",
  path: "/api/v1/column-mappings",
  tag: "Column mappings",
  summary: "List saved column mappings (newest first)",
  access: "org:read",
  query: ListQuerySchema.extend({ schema: CanonicalSchemaIdSchema.optional() }),
  responses: { 200: { description: "A page of column mappings", schema: listOf(ColumnMappingSchema, "ColumnMappingList") }, ...problems },
});

export const createColumnMappingOp = defineOperation({
  operationId: "createColumnMapping",
  method: "POST",
  path: "/api/v1/column-mappings",
  tag: "Column mappings",
  summary: "Save a column mapping: how a plain CSV/XLSX layout maps onto a canonical record schema",
  description:
    "A plain table uploaded later whose header has every column of `signature.columns` is recognized as this mapping " +
    "(the file's `format.mapping`) and delivers the schema's `$` columns to streams, previews and reconciliations.",
  access: "config:write",
  body: CreateColumnMappingSchema,
  responses: { 201: { description: "Created", schema: ColumnMappingSchema }, ...problems, ...invalid },
});

export const getColumnMappingOp = defineOperation({
  operationId: "getColumnMapping",
  method: "GET",
  path: "/api/v1/column-mappings/{id}",
  tag: "Column mappings",
  summary: "Get a column mapping",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The column mapping", schema: ColumnMappingSchema }, ...problems, ...notFound },
});

export const updateColumnMappingOp = defineOperation({
  operationId: "updateColumnMapping",
  method: "PATCH",
  path: "/api/v1/column-mappings/{id}",
  tag: "Column mappings",
  summary: "Change a column mapping in place (its version goes up by one)",
  description:
    "The fields given replace the stored ones; the result is validated as a whole. Files already recognized keep the " +
    "version they were read with (their `format.mapping.version`); PATCH a file's format to the mapping to read it with this one.",
  access: "config:write",
  params: IdParamsSchema,
  body: UpdateColumnMappingSchema,
  responses: { 200: { description: "The column mapping", schema: ColumnMappingSchema }, ...problems, ...notFound, ...invalid },
});

export const deleteColumnMappingOp = defineOperation({
  operationId: "deleteColumnMapping",
  method: "DELETE",
  path: "/api/v1/column-mappings/{id}",
  tag: "Column mappings",
  summary: "Delete a column mapping; files recognized as it keep reading through their copy",
  access: "config:write",
  params: IdParamsSchema,
  responses: { 200: { description: "The deleted column mapping", schema: ColumnMappingSchema }, ...problems, ...notFound },
});
