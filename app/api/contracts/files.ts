import { adapterName } from "~/modules/streams";
import { defineOperation } from "../operation";
import { IdParamsSchema, IsoDateTime, ListQuerySchema, ProblemSchema, listOf } from "../common-schemas";
import { z } from "../zod";
import { CanonicalSchemaIdSchema } from "./column-mappings";

const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const notFound = { 404: { description: "No such file in your organization", schema: ProblemSchema } };

// PostgreSQL text cannot hold U+0000; a 422 beats a failed insert.
const noNul = (text: string) => !text.includes("\u0000");

const FileStatusSchema = z.enum(["processing", "ready", "failed"]).openapi("FileStatus", {
  description: "processing until the background profiling has run; then ready, or failed with located errors",
});
const FileKindSchema = z.enum(["upload", "artifact", "snapshot"]).openapi("FileKind");
const IngestPolicySchema = z.enum(["strict", "lenient"]).openapi("IngestPolicy", {
  description: "strict: any bad row fails the file; lenient: bad rows are left out, listed in rejectedLines, and the rest is kept",
});

// ---- What profiling found (mirrors app/core/ingest/types.ts)

const ColumnTypeSchema = z.enum(["string", "integer", "amount", "date", "datetime", "boolean", "currency", "empty"]);

const AmountProfileSchema = z
  .object({
    decimalSeparator: z.enum([".", ","]),
    thousandsSeparator: z.enum(["", ",", ".", " ", "'"]),
    negative: z.enum(["minus", "parentheses", "trailingMinus", "crdr"]),
    currencySymbol: z.string().min(1).max(8).refine(noNul, "must not contain the NUL character").optional(),
  })
  .strict()
  .openapi("AmountProfile");

const DateProfileSchema = z
  .object({
    pattern: z.string().min(1).max(64).refine(noNul, "must not contain the NUL character").openapi({
      description: "Tokens yyyy, yy, MM, M, MMM, dd, d, HH, H, h, a, mm, ss, xx, or \"iso\"",
    }),
    order: z.enum(["DMY", "MDY", "YMD"]).optional(),
    timeZone: z.string().min(1).max(64).refine(noNul, "must not contain the NUL character").optional(),
  })
  .strict()
  .openapi("DateProfile");

const ColumnProfileSchema = z
  .object({
    name: z.string(),
    index: z.number().int().openapi({ description: "0-based position in the header" }),
    type: ColumnTypeSchema,
    nullCount: z.number().int(),
    fit: z.number().int().openapi({ description: "Sampled non-null cells that fit `type`" }),
    total: z.number().int(),
    misfits: z.array(z.string()).openapi({ description: "Up to 5 distinct sampled values that do not fit `type`" }),
    evidence: z.string(),
    confirmed: z.boolean().optional().openapi({ description: "The type was set by an override: only then do cells that do not fit it fail their row" }),
    ambiguous: z.boolean().optional(),
    amount: AmountProfileSchema.optional(),
    date: DateProfileSchema.optional(),
  })
  .openapi("ColumnProfile");

const FileProfileSchema = z
  .object({
    format: z.enum(["csv", "xlsx", "json", "ndjson", "adapter"]).openapi({ description: "adapter: the columns are the records of the file's format adapter (see the file's `format`)" }),
    compression: z.enum(["none", "gzip"]),
    encoding: z.string(),
    encodingEvidence: z.string(),
    delimiter: z.string().optional(),
    delimiterEvidence: z.string().optional(),
    headerRow: z.number().int().openapi({ description: "CSV: 1-based line; XLSX: 1-based sheet row; JSON: 0" }),
    headerEvidence: z.string(),
    sheet: z.string().optional(),
    sheets: z.array(z.string()).optional(),
    columns: z.array(ColumnProfileSchema),
    sampledRows: z.number().int(),
    warnings: z.array(z.string()),
  })
  .openapi("FileProfile", { description: "What detection found, with the evidence for each decision" });

const IngestErrorSchema = z
  .object({
    file: z.string(),
    line: z.number().int().openapi({ description: "CSV/NDJSON: physical line; XLSX: sheet row; JSON: element index (1-based); 0: the whole file" }),
    column: z.number().int().optional().openapi({ description: "1-based" }),
    field: z.string().optional(),
    value: z.string().optional(),
    message: z.string(),
  })
  .openapi("IngestError");

// ---- Overrides (PATCH)

const ColumnOverrideSchema = z
  .object({ type: ColumnTypeSchema.optional(), amount: AmountProfileSchema.optional(), date: DateProfileSchema.optional() })
  .strict()
  .openapi("ColumnOverride");

export const DetectionOverridesSchema = z
  .object({
    encoding: z.string().trim().min(1).max(40).refine(noNul, "must not contain the NUL character").optional().openapi({
      description: "utf-8, utf-16le, utf-16be, windows-1252, iso-8859-1, …",
    }),
    delimiter: z.string().length(1).refine(noNul, "must not contain the NUL character").optional(),
    headerRow: z.number().int().min(1).max(1_000_000).optional().openapi({ description: "CSV: 1-based line; XLSX: 1-based sheet row" }),
    sheet: z.string().min(1).max(31).refine(noNul, "must not contain the NUL character").optional(),
    columns: z
      .record(z.string().min(1).max(500).refine(noNul, "must not contain the NUL character"), ColumnOverrideSchema)
      .optional()
      .openapi({ description: "By column name" }),
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a BCP 47 language tag such as en-GB")
      .max(35)
      .optional()
      .openapi({ description: "Decides ambiguous D/M dates and separators; default en-US" }),
  })
  .strict()
  .openapi("DetectionOverrides");

// ---- How the file is read (recognized at profiling, or chosen)

const FileFormatMappingSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.number().int().openapi({ description: "The mapping's version the file is read with (a file keeps its copy when the mapping changes)" }),
    schema: CanonicalSchemaIdSchema,
  })
  .openapi("FileFormatMapping");

const FileFormatSchema = z
  .object({
    adapter: z.string().nullable().openapi({ description: "The format adapter the file is read through (e.g. paypal_stl); null: a plain table" }),
    title: z.string().nullable().openapi({ description: "The adapter's title or the column mapping's name, shown as \"Recognized: …\"" }),
    confidence: z.number().min(0).max(1).nullable().openapi({ description: "How sure recognition was (0–1); null when a person chose" }),
    overridden: z.boolean().openapi({ description: "A person chose the format; profiling keeps it and recognizes nothing" }),
    evidence: z.string().openapi({ description: "What recognition saw in the first bytes or the header, or who chose" }),
    mapping: FileFormatMappingSchema.nullable().openapi({
      description: "A plain table read through a saved column mapping (GET /api/v1/column-mappings/{id}): its header fits the mapping's signature, or a person chose it",
    }),
    canonicalSchema: CanonicalSchemaIdSchema.nullable().openapi({
      description: "The canonical records the file delivers as `$` columns (from its adapter or its mapping); null: none, only its own columns",
    }),
  })
  .openapi("FileFormat");

const FormatChoiceSchema = z
  .object({
    adapter: adapterName.nullable().optional().openapi({ description: "An adapter's name (GET /api/v1/templates lists packs naming them; see docs/adapters.md), or null for a plain table" }),
    mapping: z.string().min(1).max(64).optional().openapi({ description: "A saved column mapping's id: read the file as a plain table through it (adapter null or absent)" }),
  })
  .strict()
  .openapi("FormatChoice");

// ---- The form next to the file (POST)

const tagSchema = z.string().min(1).max(64).refine(noNul, "must not contain the NUL character");

/** Multipart fields arrive as strings; `tags` is comma-separated. */
export const UploadFormSchema = z
  .object({
    tags: z
      .string()
      .optional()
      .transform((text) => [...new Set((text ?? "").split(",").map((tag) => tag.trim()).filter((tag) => tag !== ""))])
      .pipe(z.array(tagSchema).max(20, "at most 20 tags")),
    inbox: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine(noNul, "must not contain the NUL character")
      .optional()
      .transform((inbox) => inbox ?? null),
    policy: IngestPolicySchema.default("strict"),
  })
  .strict();

// ---- Resources

export const FileSchema = z
  .object({
    id: z.string(),
    object: z.literal("file"),
    name: z.string(),
    mime: z.string().openapi({ description: "As declared by the uploading client" }),
    size: z.number().int().openapi({ description: "Bytes" }),
    sha256: z.string().openapi({ description: "Lowercase hex of the original bytes" }),
    status: FileStatusSchema,
    kind: FileKindSchema,
    policy: IngestPolicySchema,
    tags: z.array(z.string()),
    inbox: z.string().nullable(),
    duplicateOf: z.string().nullable().openapi({ description: "The org's earlier file with the same bytes" }),
    duplicateStatementOf: z.string().nullable().openapi({
      description: "The org's earlier file holding one of the same bank statements (same account, statement id and opening balance), whatever its bytes",
    }),
    format: FileFormatSchema.nullable().openapi({ description: "How the file is read; null until profiled (and for files profiled before recognition existed: plain tables)" }),
    retentionUntil: IsoDateTime.nullable().openapi({ description: "The file cannot be deleted before then" }),
    detectedSchema: FileProfileSchema.nullable(),
    overrides: DetectionOverridesSchema,
    rowCount: z.number().int().nullable().openapi({ description: "Rows read (lenient: the good ones); null until ready" }),
    errorCount: z.number().int().openapi({ description: "All errors found; `errors` lists the first 100" }),
    errors: z.array(IngestErrorSchema),
    rejectedLines: z.array(z.number().int()).openapi({ description: "Lenient policy: lines of rows left out (the first 10,000)" }),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    profiledAt: IsoDateTime.nullable(),
  })
  .openapi("File");

export const UploadedFileSchema = FileSchema.extend({
  warning: z.string().nullable().openapi({ description: "Set when the bytes duplicate an earlier file of the org" }),
}).openapi("UploadedFile");

const PreviewValueSchema = z
  .object({
    raw: z.string().nullable(),
    value: z.union([z.string(), z.number(), z.boolean()]).nullable(),
    error: z.string().optional(),
  })
  .openapi("PreviewValue");

export const FilePreviewSchema = z
  .object({
    object: z.literal("file_preview"),
    fileId: z.string(),
    columns: z.array(z.string()),
    rows: z.array(
      z.object({
        line: z.number().int().openapi({ description: "Where the row starts in the file" }),
        values: z.record(z.string(), PreviewValueSchema),
      }),
    ),
  })
  .openapi("FilePreview");

// ---- Operations

export const listFilesOp = defineOperation({
  operationId: "listFiles",
  method: "GET",
  path: "/api/v1/files",
  tag: "Files",
  summary: "List files (newest first)",
  access: "org:read",
  query: ListQuerySchema.extend({
    status: FileStatusSchema.optional(),
    kind: FileKindSchema.optional(),
    inbox: z.string().trim().min(1).max(100).optional().openapi({ description: "Only files delivered to this inbox" }),
    q: z.string().trim().min(1).max(200).optional().openapi({ description: "Case-insensitive substring of the name" }),
  }),
  responses: { 200: { description: "A page of files", schema: listOf(FileSchema, "FileList") }, ...problems },
});

export const uploadFileOp = defineOperation({
  operationId: "uploadFile",
  method: "POST",
  path: "/api/v1/files",
  tag: "Files",
  summary: "Upload a file (multipart/form-data); it is profiled in the background",
  description:
    "Send `multipart/form-data` with the file in a part named `file`, and optionally the fields `tags` " +
    "(comma-separated), `inbox` and `policy` (`strict`, the default, or `lenient`). The file streams to storage " +
    "(limit `MAX_UPLOAD_BYTES`, 2 GiB by default) and the answer comes at once with `status: \"processing\"`; " +
    "poll the file until it is `ready` or `failed`. Bytes the organization already has are accepted: " +
    "`duplicateOf` names the earlier file and `warning` says so. A refused upload keeps nothing.\n\n" +
    "`Idempotency-Key` is honoured: the same key with the same bytes and fields replays the first response; " +
    "with other bytes or fields it is a 409.",
  access: "runs:execute",
  // Handled by the route with a fingerprint of the received bytes: the generic one only sees JSON bodies.
  idempotent: false,
  responses: {
    201: { description: "Stored; profiling is queued", schema: UploadedFileSchema },
    400: { description: "Malformed or truncated multipart body", schema: ProblemSchema },
    ...problems,
    409: { description: "Idempotency-Key reused for other bytes or fields", schema: ProblemSchema },
    413: { description: "The file exceeds MAX_UPLOAD_BYTES", schema: ProblemSchema },
    415: { description: "Not multipart/form-data", schema: ProblemSchema },
    422: { description: "No file part, an empty file, or invalid fields", schema: ProblemSchema },
  },
});

export const getFileOp = defineOperation({
  operationId: "getFile",
  method: "GET",
  path: "/api/v1/files/{id}",
  tag: "Files",
  summary: "Get a file: metadata, detected schema and located errors",
  access: "org:read",
  params: IdParamsSchema,
  responses: { 200: { description: "The file", schema: FileSchema }, ...problems, ...notFound },
});

export const updateFileOp = defineOperation({
  operationId: "updateFile",
  method: "PATCH",
  path: "/api/v1/files/{id}",
  tag: "Files",
  summary: "Correct detection (overrides, format), change the policy or the tags",
  description:
    "Tags change in place. Different `overrides`, `policy` or `format` send the file back to `processing` and queue a new " +
    "profiling; so does naming any of them on a failed file, to retry it. `overrides` replaces the stored overrides as a whole. " +
    "`format: {adapter: \"mt940\"}` reads the file through that adapter, `format: {adapter: null}` as a plain table, `format: {mapping: \"cmap_…\"}` as a plain table through that " +
    "saved column mapping, and " +
    "`format: null` lets recognition decide again.",
  access: "runs:execute",
  params: IdParamsSchema,
  body: z
    .object({
      overrides: DetectionOverridesSchema.optional(),
      policy: IngestPolicySchema.optional(),
      tags: z.array(tagSchema).max(20).optional(),
      format: FormatChoiceSchema.nullable().optional().openapi({
        description: "Read the file through this adapter, as a plain table (adapter null), or through a saved column mapping instead of the recognized format; null goes back to recognition",
      }),
    })
    .strict(),
  responses: {
    200: { description: "The file", schema: FileSchema },
    ...problems,
    ...notFound,
    422: { description: "Invalid body", schema: ProblemSchema },
  },
});

export const deleteFileOp = defineOperation({
  operationId: "deleteFile",
  method: "DELETE",
  path: "/api/v1/files/{id}",
  tag: "Files",
  summary: "Delete a file and, unless other files share them, its bytes",
  access: "config:write",
  params: IdParamsSchema,
  responses: {
    200: { description: "The deleted file", schema: FileSchema },
    ...problems,
    ...notFound,
    409: { description: "A run uses the file, or it is retained until retentionUntil", schema: ProblemSchema },
  },
});

export const previewFileOp = defineOperation({
  operationId: "previewFile",
  method: "GET",
  path: "/api/v1/files/{id}/preview",
  tag: "Files",
  summary: "The first rows, raw and normalized, with the line each came from",
  access: "org:read",
  params: IdParamsSchema,
  query: z.object({
    limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ description: "Rows, 1–1000 (default 100)" }),
  }),
  responses: {
    200: { description: "The preview", schema: FilePreviewSchema },
    ...problems,
    ...notFound,
    409: { description: "Still processing", schema: ProblemSchema },
    422: { description: "The file failed; `errors` locates why", schema: ProblemSchema },
    410: { description: "An artifact's file whose bytes retention deleted (gone)", schema: ProblemSchema },
    500: { description: "The stored bytes failed their integrity check (artifact-integrity-failed)", schema: ProblemSchema },
  },
});

export const downloadFileOp = defineOperation({
  operationId: "downloadFile",
  method: "GET",
  path: "/api/v1/files/{id}/download",
  tag: "Files",
  summary: "The original bytes, verified against their sha256 before sending",
  description:
    "Streams the file as uploaded, with `Content-Disposition`, `Content-Type`, `ETag` (the sha256) and " +
    "`Digest: sha-256=…`. The stored object is hashed completely before the response starts, so corrupt " +
    "bytes are answered with 500 `artifact-integrity-failed` instead of being sent.",
  access: "org:read",
  params: IdParamsSchema,
  responses: {
    200: { description: "The bytes" },
    ...problems,
    ...notFound,
    410: { description: "An artifact's file whose bytes retention deleted (gone)", schema: ProblemSchema },
    500: { description: "The stored bytes failed their integrity check (artifact-integrity-failed)", schema: ProblemSchema },
  },
});
