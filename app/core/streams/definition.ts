import { z } from "zod";
import { CANONICAL_SCHEMA_IDS } from "~/core/canonical/schemas";
import { DEFAULT_RETRY, DEFAULT_STEP_TIMEOUT_MS } from "./definition-defaults";

export { DEFAULT_RETRY, DEFAULT_STEP_TIMEOUT_MS, isStepOutputInput, STEP_OUTPUT_KINDS } from "./definition-defaults";

/**
 * A stream definition: the steps of a pipeline, where each step's inputs come
 * from, and the stream's settings. Pure data, validated with zod at the API
 * edge; structural problems (cycles, unknown step keys) are found by
 * validateStreamGraph in ./graph, which reports JSON pointers.
 */

const stepKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/, "must start with a lower-case letter; then lower-case letters, digits, _ or -");

const parameterName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a letter or _ followed by letters, digits or _");

/** Format adapters shape a file's rows into records before mapping (see app/core/adapters). */
export const adapterName = z.string().min(1).max(64).regex(/^[a-z][a-z0-9_]*$/);

const fileInput = z
  .strictObject({
    kind: z.literal("FILE"),
    /** A fixed file of the org. */
    fileId: z.string().min(1).max(64).optional(),
    /** A run parameter holding a file id, supplied when the run starts. */
    parameter: parameterName.optional(),
    /** The newest ready file in this inbox when the run starts. */
    inbox: z.string().min(1).max(200).optional(),
    adapter: adapterName.optional(),
    /**
     * The canonical record schema this side needs (app/core/canonical): the
     * file is read through its own recognized format or column mapping, which
     * must deliver it, and the rule set maps the `$` columns.
     */
    accepts: z.enum(CANONICAL_SCHEMA_IDS).optional(),
  })
  .superRefine((input, context) => {
    const given = [input.fileId, input.parameter, input.inbox].filter((value) => value !== undefined).length;
    if (given !== 1) context.addIssue({ code: "custom", message: "give exactly one of fileId, parameter or inbox" });
  });

const stepOutputInput = (kind: "STEP_OUTPUT_UNMATCHED_SOURCE" | "STEP_OUTPUT_UNMATCHED_TARGET" | "STEP_OUTPUT_MATCHED") =>
  z.strictObject({ kind: z.literal(kind), stepKey });

const snapshotInput = z.strictObject({
  kind: z.literal("DATA_SOURCE_SNAPSHOT"),
  dataSourceId: z.string().min(1).max(64),
  /** SQL sources: the read-only query; HTTP sources take none. */
  query: z.string().min(1).max(100_000).optional(),
  adapter: adapterName.optional(),
});

export const stepInputSchema = z.union([
  fileInput,
  stepOutputInput("STEP_OUTPUT_UNMATCHED_SOURCE"),
  stepOutputInput("STEP_OUTPUT_UNMATCHED_TARGET"),
  stepOutputInput("STEP_OUTPUT_MATCHED"),
  snapshotInput,
]);
export type StepInput = z.infer<typeof stepInputSchema>;
export type StepOutputInput = Extract<StepInput, { stepKey: string }>;


export const stepRetryPolicySchema = z
  .strictObject({
    maxAttempts: z.number().int().min(1).max(20).default(3),
    baseDelayMs: z.number().int().min(0).max(3_600_000).default(1_000),
    maxDelayMs: z.number().int().min(0).max(86_400_000).default(60_000),
  })
  .refine((policy) => policy.maxDelayMs >= policy.baseDelayMs, { message: "maxDelayMs must be at least baseDelayMs", path: ["maxDelayMs"] });
export type StepRetryPolicy = z.infer<typeof stepRetryPolicySchema>;


export const stepDefinitionSchema = z.strictObject({
  key: stepKey,
  name: z.string().trim().min(1).max(200),
  ruleSetId: z.string().min(1).max(64),
  /** A fixed version, or null/absent for the rule set's latest version when the run starts. */
  ruleSetVersion: z.number().int().min(1).nullable().default(null),
  inputs: z.strictObject({ source: stepInputSchema, target: stepInputSchema }),
  /** Extra ordering edges; edges implied by step-output inputs are added automatically. */
  dependsOn: z.array(stepKey).max(50).default([]),
  /** A failed non-critical step skips only its dependants under CONTINUE_ON_NONCRITICAL. */
  critical: z.boolean().default(true),
  retry: stepRetryPolicySchema.default(DEFAULT_RETRY),
  timeoutMs: z.number().int().min(1_000).max(6 * 3_600_000).default(DEFAULT_STEP_TIMEOUT_MS),
});
export type StepDefinition = z.infer<typeof stepDefinitionSchema>;

export const FAILURE_POLICIES = ["STOP_ON_FAILURE", "CONTINUE_ON_NONCRITICAL"] as const;

const position = z.strictObject({ x: z.number().finite(), y: z.number().finite() });

export const streamSettingsSchema = z.strictObject({
  failurePolicy: z.enum(FAILURE_POLICIES).default("STOP_ON_FAILURE"),
  /** How long artifacts' bytes are kept; metadata and lineage are kept for good. */
  retentionDays: z.number().int().min(1).max(3650).default(90),
  /** Also write the matched rows of each step as a MATCHED artifact. */
  matchedArtifact: z.boolean().default(false),
  /** Run parameters (file ids) a run must be given, with what they mean. */
  parameters: z
    .array(z.strictObject({ name: parameterName, description: z.string().max(500).default(""), required: z.boolean().default(true) }))
    .max(50)
    .default([]),
  /** React Flow node positions for the editor, by node id (step keys and input node ids). */
  layout: z.strictObject({ nodes: z.record(z.string().min(1).max(200), position).default({}) }).default({ nodes: {} }),
});
export type StreamSettings = z.infer<typeof streamSettingsSchema>;

export const streamDefinitionSchema = z.strictObject({
  settings: streamSettingsSchema.default(() => streamSettingsSchema.parse({})),
  steps: z.array(stepDefinitionSchema).min(1).max(50),
});
export type StreamDefinition = z.infer<typeof streamDefinitionSchema>;
