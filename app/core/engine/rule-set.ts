import { z } from "zod";
import { describeRegexProblem, findRegexProblem } from "./linear-regex";
import { EXCEPTION_TYPES, SEVERITIES } from "./types";

/**
 * The rule-set definition: what a rule_set_version stores and what the engine
 * runs. Validated with zod at the API edge; every problem is reported with a
 * JSON pointer. Pure data: no functions, so it serializes byte for byte.
 */

/** Canonical fields every rule set may map; any other name is a custom field. */
export const CANONICAL_FIELDS = ["id", "amount", "currency", "date", "reference", "counterparty", "description", "group"] as const;

const fieldName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a letter or _ followed by letters, digits or _");

/** RE2 syntax (linear-time matching, see linear-regex.ts); a problem names its character position. */
const regexSource = z
  .string()
  .min(1)
  .max(500)
  .superRefine((pattern, ctx) => {
    const problem = findRegexProblem(pattern);
    if (problem) ctx.addIssue({ code: "custom", message: describeRegexProblem(problem), params: { position: problem.offset + 1 } });
  });

const regexFlags = z.string().regex(/^[imsu]*$/, "only the flags i, m, s and u are allowed").default("");

/** One step of a mapping's transform chain. Each takes the current value and returns a new one. */
export const transformSchema = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("trim") }),
  z.strictObject({ op: z.literal("upper") }),
  z.strictObject({ op: z.literal("lower") }),
  z.strictObject({ op: z.literal("regexExtract"), pattern: regexSource, group: z.union([z.number().int().min(0), z.string()]).default(1), flags: regexFlags }),
  z.strictObject({ op: z.literal("regexReplace"), pattern: regexSource, replacement: z.string().max(500), flags: regexFlags }),
  z.strictObject({ op: z.literal("digitsOnly") }),
  z.strictObject({ op: z.literal("pad"), length: z.number().int().min(1).max(256), char: z.string().length(1).default("0"), side: z.enum(["left", "right"]).default("left") }),
  z.strictObject({ op: z.literal("substring"), start: z.number().int(), length: z.number().int().min(0).optional() }),
  z.strictObject({
    op: z.literal("parseDate"),
    /** Tokens: yyyy, yy, MM, M, dd, d, HH, mm, ss, and xx for a ±hhmm offset; or "iso". */
    format: z.string().min(1).max(64),
    /** Day boundaries are taken in this IANA zone (default UTC). */
    timeZone: z.string().min(1).max(64).default("UTC"),
  }),
  z.strictObject({
    op: z.literal("parseAmount"),
    decimalSeparator: z.enum([".", ","]).default("."),
    thousandsSeparator: z.enum([",", ".", " ", "'", ""]).default(""),
    /** How negatives are written: "-1.00", "(1.00)", "1.00-", or signed by a separate debit/credit column. */
    sign: z.enum(["minus", "parentheses", "trailingMinus"]).default("minus"),
    /** Digits after the decimal point in minor units (USD 2, JPY 0, KWD 3). */
    minorUnits: z.number().int().min(0).max(4).default(2),
  }),
  z.strictObject({ op: z.literal("negate") }),
  z.strictObject({ op: z.literal("absolute") }),
  z.strictObject({ op: z.literal("scale"), power: z.number().int().min(-6).max(6) }),
  z.strictObject({ op: z.literal("concat"), columns: z.array(z.string().min(1)).min(1), separator: z.string().max(10).default("") }),
  z.strictObject({ op: z.literal("coalesce"), columns: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ op: z.literal("constant"), value: z.union([z.string(), z.number(), z.null()]) }),
  z.strictObject({ op: z.literal("lookup"), table: fieldName, onMissing: z.enum(["null", "keep", "default"]).default("keep"), default: z.string().nullable().default(null) }),
  /** A safe expression (app/core/engine/expression), with `value` bound to the current value and columns by name. */
  z.strictObject({ op: z.literal("expression"), expression: z.string().min(1).max(2000) }),
]);
export type Transform = z.infer<typeof transformSchema>;

export const fieldMappingSchema = z.strictObject({
  field: fieldName,
  /** The source column; optional when the first transform produces the value (constant, concat, coalesce, expression). */
  column: z.string().min(1).max(256).optional(),
  transforms: z.array(transformSchema).max(32).default([]),
});
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

export const sideSchema = z.strictObject({
  mappings: z.array(fieldMappingSchema).min(1),
  /** Scope filter: a boolean expression over columns and mapped fields, e.g. `type in ("charge", "payment")`. Other rows are EXCLUDED. */
  filter: z.string().min(1).max(2000).optional(),
  /**
   * Duplicate detection before any pass: rows sharing all these fields are one
   * record captured twice (e.g. a double charge). The earliest (by date, then
   * line) stays in play; the others become DUPLICATE exceptions.
   */
  deduplicate: z.strictObject({ fields: z.array(fieldName).min(1).max(8) }).optional(),
  /**
   * One row per key ("one row per Name"), after the filter and before the
   * mappings: rows sharing every key column's value become one row standing
   * at its first row's line. Other columns take their first row's value
   * unless listed: "sum" adds exact amounts, "count" is the number of rows.
   */
  groupBy: z
    .strictObject({
      keys: z.array(z.string().min(1).max(256)).min(1).max(8),
      columns: z.record(z.string().min(1).max(256), z.enum(["first", "sum", "count"])).optional(),
    })
    .optional(),
});
export type GroupByDefinition = NonNullable<z.infer<typeof sideSchema>["groupBy"]>;
export type SideDefinition = z.infer<typeof sideSchema>;

const keyPairSchema = z.union([
  fieldName,
  z.strictObject({ source: fieldName, target: fieldName }),
]);

export const passSchema = z.strictObject({
  name: z.string().min(1).max(100),
  cardinality: z.enum(["1:1", "1:N", "N:1", "N:M"]).default("1:1"),
  /** Fields compared exactly (after transforms). Empty only for an amount-only search. */
  keys: z.array(keyPairSchema).max(8).default([]),
  /** For grouped sides (the N of 1:N, N:1, N:M): fields that form a group; default the keys. */
  groupBy: z.strictObject({ source: z.array(fieldName).optional(), target: z.array(fieldName).optional() }).optional(),
  amount: z
    .object({
      field: fieldName.default("amount"),
      /** Compare each row's amount, or the group's sum. */
      aggregate: z.enum(["value", "sum"]).default("value"),
      toleranceMinor: z.number().int().min(0).default(0),
      /** Basis points of the target amount (100 = 1%). Both tolerances may apply; the larger wins. */
      toleranceBasisPoints: z.number().int().min(0).max(10000).default(0),
      /** A key match beyond tolerance becomes AMOUNT_MISMATCH instead of staying unmatched. */
      mismatchOnKeyMatch: z.boolean().default(true),
    })
    .optional(),
  date: z
    .object({
      field: fieldName.default("date"),
      windowDays: z.number().int().min(0).max(366),
      businessDays: z.boolean().default(false),
      /** A key match outside the window becomes DATE_MISMATCH instead of staying unmatched. */
      mismatchOnKeyMatch: z.boolean().default(false),
    })
    .optional(),
  fuzzy: z
    .object({
      field: fieldName,
      method: z.enum(["jaroWinkler", "tokenSet"]),
      /** Similarity in [0, 1] a pair must reach. */
      threshold: z.number().min(0).max(1),
    })
    .optional(),
  /** Bounded amount-only N:1 search: up to maxGroupSize source rows summing to one target amount. */
  amountOnlySearch: z
    .object({
      maxGroupSize: z.number().int().min(2).max(5),
      windowDays: z.number().int().min(0).max(31),
      /** Candidates considered per target row; beyond it the target becomes an exception, never a guess. */
      maxCandidates: z.number().int().min(2).max(64).default(20),
      /** Combinations tried per target row (a deterministic budget instead of a clock). */
      maxSteps: z.number().int().min(100).max(1_000_000).default(50_000),
    })
    .optional(),
  /**
   * Explicit keys this pass must not cross: where both rows carry a value for
   * a listed field, the values must be equal, or the two rows are not a pair
   * for this pass at all (no candidate, and no mismatch raised). A row without
   * the value may still pair. For a fallback pass that keys on weaker fields
   * (item and vendor, email and date, amount and date): it then serves the
   * rows that lack the strong key and never pairs two rows whose strong keys
   * say they belong elsewhere. A grouped unit conflicts when its rows and the
   * other unit's rows carry more than one value between them.
   */
  mustNotConflict: z.array(keyPairSchema).min(1).max(8).optional(),
  /** Currencies must agree; a difference is FIELD_MISMATCH, never a numeric comparison. */
  requireSameCurrency: z.boolean().default(true),
  /**
   * Several rows on one side sharing a key: "keepEarliest" keeps the earliest as
   * the candidate and flags the rest DUPLICATE; "ambiguous" lets the checks pick
   * a unique best and raises any remaining tie as AMBIGUOUS (never the first).
   */
  duplicates: z.enum(["keepEarliest", "ambiguous"]).default("ambiguous"),
});
export type PassDefinition = z.infer<typeof passSchema>;

export const severityRulesSchema = z.strictObject({
  byType: z.partialRecord(z.enum(EXCEPTION_TYPES), z.enum(SEVERITIES)).default({}),
  /** First matching rule wins: e.g. AMOUNT_MISMATCH with |difference| over 100000 minor units is high. */
  amountThresholds: z
    .array(z.strictObject({ type: z.enum(EXCEPTION_TYPES), overMinor: z.number().int().min(0), severity: z.enum(SEVERITIES) }))
    .default([]),
});

export const ruleSetDefinitionSchema = z.strictObject({
  source: sideSchema,
  target: sideSchema,
  passes: z.array(passSchema).min(1).max(20),
  severity: severityRulesSchema.default({ byType: {}, amountThresholds: [] }),
  /** Lookup tables for the `lookup` transform: name → (key → value). */
  lookups: z.record(fieldName, z.record(z.string(), z.string())).default({}),
  /** Business-day calendar for date windows: ISO dates that are not business days (weekends always are). */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
});
export type RuleSetDefinition = z.infer<typeof ruleSetDefinitionSchema>;

export const DEFAULT_SEVERITY: Record<(typeof EXCEPTION_TYPES)[number], (typeof SEVERITIES)[number]> = {
  MISSING_IN_TARGET: "medium",
  MISSING_IN_SOURCE: "medium",
  AMOUNT_MISMATCH: "high",
  DATE_MISMATCH: "low",
  FIELD_MISMATCH: "medium",
  DUPLICATE: "high",
  AMBIGUOUS: "medium",
  EXCLUDED: "low",
};
