import { passSchema, transformSchema } from "~/core/engine/rule-set";
import { EXCEPTION_TYPES, SEVERITIES } from "~/core/engine/types";
import { defineOperation } from "../operation";
import { IdParamsSchema, ProblemSchema } from "../common-schemas";
import { z } from "../zod";
import { RuleSetDefinitionSchema } from "./rule-sets";

const problems = {
  401: { description: "No or bad credentials", schema: ProblemSchema },
  403: { description: "Role too low", schema: ProblemSchema },
};
const fileStates = {
  409: { description: "A file is still processing; poll it until it is ready", schema: ProblemSchema },
  500: { description: "A file's stored bytes failed their integrity check (artifact-integrity-failed)", schema: ProblemSchema },
};
/** Both operations compute on the web process's preview pool (app/modules/rule-sets/preview-pool/). */
const poolBusy = {
  503: { description: "Every preview thread is busy and the queue is full (preview-capacity-exhausted); retry after `Retry-After` seconds", schema: ProblemSchema },
};

const FileIdSchema = z.string().min(1).max(64);

// The engine builds its schemas with plain zod; clones made now carry .openapi() (see ./rule-sets).
const TransformSchema = transformSchema.clone().openapi("Transform", { description: "One step of a mapping's transform chain" });
const PassSchema = passSchema.clone().openapi("PassDefinition", { description: "One matching pass of a rule-set definition" });

// ---- Preview

const PreviewRowSchema = z
  .object({
    line: z.number().int().openapi({ description: "1-based line (or record number) of the row in its file" }),
    values: z.record(z.string(), z.union([z.string(), z.number().int(), z.null()])).openapi({
      description: "Each field the side maps, as the engine compared it: amounts in integer minor units, dates as ISO days, text as mapped",
    }),
    groupedLines: z
      .array(z.number().int())
      .optional()
      .openapi({ description: "Only for a row of a side with a groupBy that stands for several file rows: their lines, `line` first" }),
  })
  .openapi("PreviewRow");

const FieldComparisonSchema = z
  .object({
    field: z.string(),
    source: z.string().nullable(),
    target: z.string().nullable(),
    outcome: z.enum(["equal", "within_tolerance", "different", "similar"]),
    detail: z.string(),
  })
  .openapi("FieldComparison");

const PreviewMatchSchema = z
  .object({
    pass: z.string(),
    cardinality: z.enum(["1:1", "1:N", "N:1", "N:M"]),
    score: z.number().min(0).max(1).openapi({ description: "1 for exact agreement on every compared field" }),
    reason: z.array(FieldComparisonSchema),
    source: z.array(PreviewRowSchema),
    target: z.array(PreviewRowSchema),
  })
  .openapi("PreviewMatch");

const PreviewExceptionSchema = z
  .object({
    type: z.enum(EXCEPTION_TYPES),
    severity: z.enum(SEVERITIES),
    pass: z.string().nullable(),
    amountDifferenceMinor: z.number().int().nullable().openapi({ description: "Source minus target, in minor units of `currency`" }),
    currency: z.string().nullable(),
    message: z.string(),
    reason: z.array(FieldComparisonSchema),
    source: z.array(PreviewRowSchema),
    target: z.array(PreviewRowSchema),
  })
  .openapi("PreviewException");

const MinorByCurrencySchema = z.record(z.string(), z.number().int()).openapi({ description: "Integer minor units per ISO 4217 code (XXX: no currency)" });

const SideSummarySchema = z
  .object({
    rows: z.number().int(),
    matched: z.number().int(),
    unmatched: z.number().int(),
    excluded: z.number().int(),
    amountMinorByClass: z.object({ matched: MinorByCurrencySchema, unmatched: MinorByCurrencySchema, excluded: MinorByCurrencySchema }),
  })
  .openapi("SideSummary");

const NormalizeIssueSchema = z
  .object({
    line: z.number().int(),
    field: z.string(),
    column: z.string().nullable(),
    value: z.string().nullable(),
    message: z.string().openapi({ description: "Which transform failed and why, e.g. `parseAmount: has more than 2 decimal places`" }),
  })
  .openapi("NormalizeIssue");

export const RuleSetPreviewSchema = z
  .object({
    object: z.literal("rule_set_preview"),
    ruleSetId: z.string(),
    version: z.number().int(),
    sourceFileId: z.string(),
    targetFileId: z.string(),
    limit: z.number().int(),
    truncated: z
      .object({ source: z.boolean(), target: z.boolean() })
      .openapi({ description: "Whether the file has more rows than `limit`; only the first `limit` rows were matched" }),
    summary: z.object({
      source: SideSummarySchema,
      target: SideSummarySchema,
      matchesByPass: z.record(z.string(), z.number().int()),
      exceptionsByType: z.record(z.string(), z.number().int()),
    }),
    counts: z.object({
      matches: z.number().int(),
      exceptions: z.number().int(),
      issues: z.object({ source: z.number().int(), target: z.number().int() }),
    }),
    matches: z.array(PreviewMatchSchema).openapi({ description: "The first 200 matches, in the engine's order" }),
    exceptions: z.array(PreviewExceptionSchema).openapi({ description: "The first 200 exceptions, in the engine's order" }),
    issues: z
      .object({ source: z.array(NormalizeIssueSchema), target: z.array(NormalizeIssueSchema) })
      .openapi({ description: "The first 100 cells per side a transform could not convert (they became null)" }),
  })
  .openapi("RuleSetPreview");

export const previewRuleSetOp = defineOperation({
  operationId: "previewRuleSet",
  method: "POST",
  path: "/api/v1/rule-sets/{id}/preview",
  tag: "Rule sets",
  summary: "Try a rule set on two ready files and see what it would match; nothing is stored",
  description:
    "Reads up to `limit` rows of each file (default and maximum 10,000), runs the rule set's latest version (or " +
    "`version`) synchronously and answers the summary, the first 200 matches and exceptions with each row's line and " +
    "mapped values, and the first cells a transform could not convert. A preview changes nothing (no run, no audit " +
    "event), so `org:read` is enough, and `Idempotency-Key` is not used.\n\n" +
    "Cost: each file is read and verified in full before its first `limit` rows are kept, so a preview of a large " +
    "file takes as long as reading it.\n\n" +
    "A definition that does not fit the files (a mapping naming a column a file lacks, an unknown name in a filter) " +
    "is a 422 whose errors point into `/definition`.\n\n" +
    "The engine runs on a thread of the web process's preview pool within `PREVIEW_BUDGET_MS` (10 s by default): a " +
    "preview past it is stopped and answered 422 `preview-budget-exceeded`; when the pool is full the answer is 503 " +
    "`preview-capacity-exhausted` with `Retry-After`.",
  access: "org:read",
  idempotent: false,
  params: IdParamsSchema,
  body: z
    .object({
      sourceFileId: FileIdSchema,
      targetFileId: FileIdSchema,
      limit: z.number().int().min(1).max(10_000).default(10_000).openapi({ description: "Rows read per file, 1–10,000 (default 10,000)" }),
      version: z.number().int().min(1).max(2_147_483_647).optional().openapi({ description: "Rule-set version (default: the latest)" }),
    })
    .strict(),
  responses: {
    200: { description: "What the rule set would do with the files' first rows", schema: RuleSetPreviewSchema },
    ...problems,
    404: { description: "No such rule set, version or file in your organization", schema: ProblemSchema },
    ...fileStates,
    422: {
      description:
        "Invalid body; a file that failed profiling; a definition that does not fit the files (pointers into /definition); or a preview past its time budget (preview-budget-exceeded)",
      schema: ProblemSchema,
    },
    ...poolBusy,
  },
});

// ---- Suggestions

const ConfidenceSchema = z.number().min(0).max(1).openapi({ description: "In [0, 1]; rounded to 2 decimals" });
const BecauseSchema = z.string().openapi({ description: "The evidence, in words a person can check" });

const SuggestedMappingSchema = z
  .object({
    field: z.string(),
    column: z.string(),
    transforms: z.array(TransformSchema),
    confidence: ConfidenceSchema,
    because: BecauseSchema,
  })
  .openapi("SuggestedMapping");

const SideSuggestionSchema = z
  .object({
    mappings: z.array(SuggestedMappingSchema),
    unmapped: z.array(z.object({ column: z.string(), because: BecauseSchema })),
  })
  .openapi("SideSuggestion");

const KeyCandidateSchema = z
  .object({
    source: z.string().openapi({ description: "Source column" }),
    target: z.string().openapi({ description: "Target column" }),
    confidence: ConfidenceSchema,
    jaccard: z.number().min(0).max(1).openapi({ description: "Distinct sampled values shared / distinct values of either" }),
    sharedValues: z.number().int(),
    transforms: z.array(TransformSchema).openapi({ description: "Applied to both columns before comparing (trim, a leading #, case)" }),
    because: BecauseSchema,
  })
  .openapi("KeyCandidate");

const ColumnValuesSchema = z.record(z.string(), z.array(z.object({ value: z.string(), rows: z.number().int().min(1) })));

export const MappingSuggestionSchema = z
  .object({
    object: z.literal("mapping_suggestion"),
    sourceFileId: z.string(),
    targetFileId: z.string(),
    sampledRows: z.object({ source: z.number().int(), target: z.number().int() }),
    source: SideSuggestionSchema,
    target: SideSuggestionSchema,
    keyCandidates: z.array(KeyCandidateSchema).openapi({ description: "Up to 5 key pairs, best first; the first is the first pass's key" }),
    firstPass: z.object({ pass: PassSchema, confidence: ConfidenceSchema, because: BecauseSchema }),
    fallbackPass: z
      .object({ pass: PassSchema, confidence: ConfidenceSchema, because: BecauseSchema })
      .nullable()
      .openapi({ description: "A second pass on the next-best key pair, for rows the first key cannot pair; null when no other pair overlaps well enough" }),
    columnValues: z
      .object({ source: ColumnValuesSchema, target: ColumnValuesSchema })
      .openapi({ description: `Per side, the sampled values of columns with few distinct values (at most 20), most frequent first: what a row filter is built from` }),
    // The mappings and the first pass assembled, ready for POST /api/v1/rule-sets.
    definition: RuleSetDefinitionSchema,
  })
  .openapi("MappingSuggestion");

export const suggestMappingsOp = defineOperation({
  operationId: "suggestMappings",
  method: "POST",
  path: "/api/v1/mappings/suggest",
  tag: "Rule sets",
  summary: "Propose field mappings and a first pass for two ready files",
  description:
    "Deterministic and offline: reads the files' profiles (column types, amount separators, date patterns) and the " +
    "first 2,000 rows of each, and proposes per side which column feeds which field (with parseAmount and parseDate " +
    "set from the profile and checked on the sample), then a first pass keyed on the column pair whose sampled values " +
    "overlap best (Jaccard, weighed with how key-like the names are and how unique the values), with a 1-minor-unit " +
    "amount tolerance and a 2-day date window when both files have amounts and dates. Every proposal has a " +
    "`confidence` in [0, 1] and a `because`. Nothing is stored, so `org:read` is enough.",
  access: "org:read",
  idempotent: false,
  body: z.object({ sourceFileId: FileIdSchema, targetFileId: FileIdSchema }).strict(),
  responses: {
    200: { description: "The suggestion", schema: MappingSuggestionSchema },
    ...problems,
    404: { description: "No such file in your organization", schema: ProblemSchema },
    ...fileStates,
    422: { description: "Invalid body, a file that failed profiling, or a suggestion past its time budget (preview-budget-exceeded)", schema: ProblemSchema },
    ...poolBusy,
  },
});
