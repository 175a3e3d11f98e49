import { z } from "zod";
import { adapterName, streamSettingsSchema, stepRetryPolicySchema } from "~/modules/streams";
import { CANONICAL_SCHEMA_IDS } from "~/core/canonical/schemas";
import { EXCEPTION_TYPES, SEVERITIES } from "~/core/engine/types";

/**
 * The template pack manifest (`reconstream-pack.json`, or the `reconstream`
 * key of a package.json). A pack is data only: mappings, rule sets, streams
 * with their layout, parameters, severity defaults, sample files with their
 * expected results, and a runbook. It names format adapters (core code); it
 * never brings code, so installing a pack can never run any.
 *
 * Rule-set definitions and stream settings are the API's own schemas
 * (app/core/engine/rule-set.ts, app/modules/streams/definition/definition.ts), checked after
 * `{{params.x}}` placeholders are replaced (./parameters.ts); here they are
 * objects, so a placeholder may stand where a number is expected.
 */

/** The engine (rule-set schema and stream runtime) version packs declare a range against. */
export const ENGINE_VERSION = "1.0.0";

export const PACK_MANIFEST_FILE = "reconstream-pack.json";

const key = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_-]*$/, "must start with a lower-case letter; then lower-case letters, digits, _ or -");

export const packIdSchema = z
  .string()
  .min(3)
  .max(64)
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "must be lower-case words joined by '-' (e.g. ecommerce-payouts)");

const semverText = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/, "must be a semantic version such as 1.0.0");

/** A path inside the pack: relative, forward slashes, no `..`. */
const packPath = z
  .string()
  .min(1)
  .max(300)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$))[A-Za-z0-9._\-/]+$/, "must be a relative path inside the pack (letters, digits, . _ - /; no '..')");

/** The manifest versions this Reconstream reads; absent means 1. See ./manifest-versions.ts for what changed. */
export const MANIFEST_VERSIONS = [1, 2] as const;
export const CURRENT_MANIFEST_VERSION = 2;

/** Version 1's types; version 2 adds TYPED_PARAMETER_TYPES. */
export const V1_PARAMETER_TYPES = ["string", "integer", "number", "boolean", "currency", "timeZone", "date", "enum"] as const;
export const TYPED_PARAMETER_TYPES = ["money", "duration", "percentage", "fileInput"] as const;
export const PARAMETER_TYPES = [...V1_PARAMETER_TYPES, ...TYPED_PARAMETER_TYPES] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

const parameterName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a letter or _ followed by letters, digits or _");

/** A money value as written: decimal text in major units, and its currency unless the parameter follows another's. */
export const moneyValueSchema = z.strictObject({
  amount: z.string().min(1).max(40).describe('Decimal text in major units, e.g. "1000.00"; never a JSON number (not exact).'),
  currency: z.string().min(3).max(3).optional().describe("ISO 4217 code; omitted when the parameter has currencyFrom."),
});

export const packParameterSchema = z.strictObject({
  type: z.enum(PARAMETER_TYPES),
  title: z.string().min(1).max(200).optional(),
  description: z.string().min(1).max(2000),
  /**
   * Required except for fileInput (chosen when a run starts). money:
   * {amount, currency}; duration: "P3D"; percentage: "1.5".
   */
  default: z.union([z.string(), z.number(), z.boolean(), moneyValueSchema]).optional(),
  /** integer/number bounds. */
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  /** enum choices. */
  options: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  /** string: a regular expression the value must match in full. */
  pattern: z.string().min(1).max(500).optional(),
  /** money: the name of the pack's currency parameter whose value the amount is in. */
  currencyFrom: parameterName.optional(),
  /** fileInput: the pack input (run parameter) it describes. */
  input: key.optional(),
  /** fileInput: the canonical schemas (app/core/canonical) or format adapters a run's file for it may deliver. */
  accepts: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
});
export type PackParameter = z.infer<typeof packParameterSchema>;

export const packInputSchema = z.strictObject({
  /** What the operator uploads, e.g. "Stripe itemized payout reconciliation report". */
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  /** A core format adapter that reads this file kind (app/core/adapters), or none for a generic file. */
  adapter: adapterName.optional(),
  /**
   * The canonical record schema this input needs (app/core/canonical): any
   * file whose recognized format or column mapping delivers it fits, and the
   * pack's rule sets map its `$` columns, so the pack works with any bank.
   */
  accepts: z.enum(CANONICAL_SCHEMA_IDS).optional(),
  /** For generic files: the format and the columns a file of this kind has. */
  format: z.enum(["csv", "tsv", "xlsx", "json", "xml", "text"]).optional(),
  /**
   * How an uploaded file is recognised as this kind: header columns that must
   * all be present, or a pattern its first bytes match. With an adapter and no
   * signature, the adapter's own signature is used.
   */
  signature: z.strictObject({ columns: z.array(z.string().min(1).max(200)).min(1).max(100).optional(), firstBytes: z.string().min(1).max(500).optional() }).optional(),
  /** Column hints for a generic file: name → what it holds. */
  columns: z.record(z.string().min(1).max(200), z.string().max(500)).optional(),
});
export type PackInput = z.infer<typeof packInputSchema>;

export const packRuleSetSchema = z.strictObject({
  key,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  /** A rule-set definition as POST /api/v1/rule-sets takes it; values may be {{params.x}}. */
  definition: z.record(z.string(), z.unknown()),
});
export type PackRuleSet = z.infer<typeof packRuleSetSchema>;

const packFileInput = z.strictObject({
  kind: z.literal("FILE"),
  /** The pack input (and run parameter) this side reads. */
  input: key,
  /** Defaults to the pack input's adapter. */
  adapter: adapterName.optional(),
});
const packStepOutputInput = z.strictObject({
  kind: z.enum(["STEP_OUTPUT_UNMATCHED_SOURCE", "STEP_OUTPUT_UNMATCHED_TARGET", "STEP_OUTPUT_MATCHED"]),
  stepKey: key,
});
export const packStepInputSchema = z.union([packFileInput, packStepOutputInput]);
export type PackStepInput = z.infer<typeof packStepInputSchema>;

export const packStepSchema = z.strictObject({
  key,
  name: z.string().min(1).max(200),
  /** The key of one of the pack's ruleSets. */
  ruleSet: key,
  inputs: z.strictObject({ source: packStepInputSchema, target: packStepInputSchema }),
  dependsOn: z.array(key).max(50).optional(),
  critical: z.boolean().optional(),
  retry: stepRetryPolicySchema.optional(),
  timeoutMs: z.number().int().min(1_000).max(6 * 3_600_000).optional(),
});
export type PackStep = z.infer<typeof packStepSchema>;

export const packStreamSchema = z.strictObject({
  key,
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  /** failurePolicy, retentionDays, matchedArtifact and the React Flow `layout`; the run parameters come from the steps' inputs. */
  settings: streamSettingsSchema.omit({ parameters: true }).partial().optional(),
  steps: z.array(packStepSchema).min(1).max(50),
  /** Sample files for pack:test, by input key (paths inside the pack). */
  samples: z.record(key, packPath),
  /** The expected results of running the stream on its samples (written by pack:test --update). */
  expected: packPath,
});
export type PackStream = z.infer<typeof packStreamSchema>;

export const severityDefaultsSchema = z.strictObject({
  byType: z.partialRecord(z.enum(EXCEPTION_TYPES), z.enum(SEVERITIES)).optional(),
  amountThresholds: z
    .array(z.strictObject({ type: z.enum(EXCEPTION_TYPES), overMinor: z.number().int().min(0), severity: z.enum(SEVERITIES) }))
    .optional(),
});

/**
 * A column mapping the pack ships for a layout it knows (an ERP's PO-lines
 * or GL export) that no adapter reads: instantiation saves it as the org's
 * column mapping, so uploads with that header deliver the canonical records
 * the pack's `accepts` inputs need. Its rules are core's ColumnMapping
 * (app/core/canonical), checked in full by checkManifest.
 */
export const packColumnMappingSchema = z.strictObject({
  name: z.string().min(1).max(200),
  schema: z.enum(CANONICAL_SCHEMA_IDS),
  signature: z.strictObject({ columns: z.array(z.string().min(1).max(500)).min(1).max(500) }),
  fields: z.record(z.string().min(1).max(100), z.unknown()),
});
export type PackColumnMapping = z.infer<typeof packColumnMappingSchema>;

export const packManifestSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Absent means 1: packs written before typed parameters load unchanged. */
  manifestVersion: z.literal(MANIFEST_VERSIONS, { error: `this Reconstream reads manifest versions ${MANIFEST_VERSIONS.join(" and ")}` }).optional(),
  id: packIdSchema,
  name: z.string().min(1).max(200),
  version: semverText,
  industry: z.string().min(1).max(64),
  description: z.string().min(1).max(4000),
  author: z.string().min(1).max(200),
  license: z.string().min(1).max(64),
  /** The engine versions the pack works with, as a semver range (e.g. "^1.0.0"). */
  engine: z.string().min(1).max(100),
  keywords: z.array(z.string().min(1).max(64)).max(20).optional(),
  parameters: z.record(parameterName, packParameterSchema).default({}),
  inputs: z.record(key, packInputSchema),
  /** Column mappings saved for the org at instantiation, by key. */
  mappings: z.record(key, packColumnMappingSchema).default({}),
  ruleSets: z.array(packRuleSetSchema).min(1).max(50),
  streams: z.array(packStreamSchema).min(1).max(20),
  /** Severities every rule set of the pack starts from; a rule set's own `severity` wins. */
  severityDefaults: severityDefaultsSchema.optional(),
  /** The operators' runbook (markdown), a path inside the pack. */
  runbook: packPath.default("runbook.md"),
});
export type PackManifest = z.infer<typeof packManifestSchema>;
