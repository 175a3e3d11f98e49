import { z } from "zod";
import { currencyExponent } from "~/core/values/currency";
import { describeRegexProblem, findRegexProblem } from "~/core/engine/linear-regex";
import { dateFormatProblem } from "./mapped-values";
import { CANONICAL_SCHEMAS, CANONICAL_SCHEMA_IDS, type CanonicalField, type CanonicalSchemaId } from "./schemas";

/**
 * A saved column mapping: how a plain CSV or XLSX table of one layout (an
 * ERP's ledger export, a supplier's invoice list, a bank with no profile)
 * maps to a canonical schema. Saved once per layout and recognized at upload
 * by its signature columns, so the next file of that layout gets its `$`
 * columns without asking.
 *
 * One rule per canonical field. A rule takes its value from one source:
 * - `column`: a column's text, read as the field's type: a date with
 *   `format` ("dd.MM.yyyy", "MM/dd/yyyy", "yyyy-MM-dd", "yyyyMMdd",
 *   "dd.MM.yy"), money and decimals with `decimalSeparator` and
 *   `thousandsSeparator` (and `negate` for an export that signs the other
 *   way), money's sign from a `sign` column (`{ column, values: { S: "debit",
 *   H: "credit" } }`), an enum through `values` (source text → enum value);
 * - `debit` and `credit`: money split in two columns, one filled per row;
 * - `fixed`: one value for every row (a currency the export leaves out).
 * `pattern` (with `column`) first extracts the value with a linear-time
 * regular expression: its first capture group, else the whole match; a cell
 * it does not match is empty.
 *
 * Debit and credit are the account's own: a debit is negative on a
 * bank_statement_line (money out) and positive on a ledger_entry (a debit
 * posting; cash in on a cash account), and negative everywhere else (a credit
 * note or a return is the positive side). Money is read with the mapped
 * currency's exponent, so "12,3" in JPY is an error, never rounded.
 */

const DECIMAL_SEPARATORS = [".", ","] as const;
const THOUSANDS_SEPARATORS = [",", ".", " ", "'", ""] as const;

export interface SignRule {
  /** The column that says debit or credit ("S"/"H", "D"/"C", "Af"/"Bij"). */
  column: string;
  /** Its texts → "debit" | "credit"; a text not listed is an error. */
  values: Record<string, "debit" | "credit">;
}

export interface FieldRule {
  column?: string;
  fixed?: string;
  debit?: string;
  credit?: string;
  /** Date format: yyyy, yy, MM, M, dd, d and literal separators. */
  format?: string;
  decimalSeparator?: "." | ",";
  thousandsSeparator?: "," | "." | " " | "'" | "";
  /** The export writes money from the other side (a ledger export of a bank account…). */
  negate?: boolean;
  sign?: SignRule;
  /** For an enum field: the column's texts → the enum's values. */
  values?: Record<string, string>;
  /** RE2-safe pattern extracting the value from the column's text. */
  pattern?: string;
}

export interface ColumnMapping {
  schema: CanonicalSchemaId;
  /** Header columns that identify this layout (recognition at upload: all must be present). */
  signature: { columns: string[] };
  /** Per canonical field, how to read it from the table. */
  fields: Record<string, FieldRule>;
}

const columnName = z.string().trim().min(1, "a column name cannot be empty");

const signRuleSchema = z.strictObject({
  column: columnName,
  values: z.record(z.string(), z.enum(["debit", "credit"])),
});

const fieldRuleSchema = z.strictObject({
  column: columnName.optional(),
  fixed: z.string().trim().min(1, "a fixed value cannot be empty").optional(),
  debit: columnName.optional(),
  credit: columnName.optional(),
  format: z.string().min(1).optional(),
  decimalSeparator: z.enum(DECIMAL_SEPARATORS).optional(),
  thousandsSeparator: z.enum(THOUSANDS_SEPARATORS).optional(),
  negate: z.boolean().optional(),
  sign: signRuleSchema.optional(),
  values: z.record(z.string(), z.string()).optional(),
  pattern: z.string().min(1).optional(),
});

export const columnMappingSchema: z.ZodType<ColumnMapping> = z.strictObject({
  schema: z.enum(CANONICAL_SCHEMA_IDS),
  signature: z.strictObject({ columns: z.array(columnName).min(1, "a layout is recognized by at least one column") }),
  fields: z.record(z.string(), fieldRuleSchema),
});

export interface MappingProblem {
  pointer: string;
  message: string;
}

/** RFC 6901: "~" and "/" in a key are escaped. */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Fields a mapping may leave out although the schema requires them, because
 * they follow from another: a statement line's direction is its amount's sign.
 */
const DERIVED_FROM: Readonly<Partial<Record<CanonicalSchemaId, Readonly<Record<string, string>>>>> = {
  bank_statement_line: { direction: "amount" },
};

/** Everything wrong with a mapping, each at its JSON pointer; empty when it can be applied. */
export function validateColumnMapping(mapping: ColumnMapping): MappingProblem[] {
  const schema = CANONICAL_SCHEMAS[mapping.schema];
  const problems: MappingProblem[] = [];
  const derived = DERIVED_FROM[mapping.schema] ?? {};
  for (const [name, field] of Object.entries(schema.fields)) {
    if (!field.required || mapping.fields[name] !== undefined) continue;
    const base = derived[name];
    if (base !== undefined && mapping.fields[base] !== undefined) continue;
    problems.push({ pointer: "/fields", message: `${mapping.schema} requires ${name}: add a rule for it` });
  }
  for (const [name, rule] of Object.entries(mapping.fields)) {
    const pointer = `/fields/${pointerSegment(name)}`;
    const field = schema.fields[name];
    if (!field) {
      problems.push({ pointer, message: `${mapping.schema} has no field "${name}"; its fields are ${Object.keys(schema.fields).join(", ")}` });
      continue;
    }
    problems.push(...ruleProblems(mapping, name, field, rule, pointer));
  }
  return problems;
}

function ruleProblems(mapping: ColumnMapping, name: string, field: CanonicalField, rule: FieldRule, pointer: string): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const add = (suffix: string, message: string) => problems.push({ pointer: `${pointer}${suffix}`, message });
  const split = rule.debit !== undefined || rule.credit !== undefined;
  const sources = [rule.column !== undefined, rule.fixed !== undefined, split].filter(Boolean).length;
  if (sources !== 1) add("", "give exactly one source: column, fixed, or debit and credit");
  if (split && (rule.debit === undefined || rule.credit === undefined)) add("", "a split amount needs both a debit and a credit column");
  if (split && field.type !== "money") add("", `debit and credit columns are for money; ${name} is ${field.type}`);
  const numeric = field.type === "money" || field.type === "decimal";
  if (!numeric) {
    for (const key of ["decimalSeparator", "thousandsSeparator", "negate"] as const) {
      if (rule[key] !== undefined) add(`/${key}`, `${key} is for money and decimals; ${name} is ${field.type}`);
    }
  }
  if (rule.decimalSeparator !== undefined && rule.decimalSeparator === rule.thousandsSeparator) add("/thousandsSeparator", "the thousands separator must differ from the decimal separator");
  if (rule.sign !== undefined) problems.push(...signProblems(field, name, rule, `${pointer}/sign`));
  if (field.type === "date" && rule.column !== undefined && rule.format === undefined) add("", "a date read from a column needs its format, e.g. \"dd.MM.yyyy\"");
  if (rule.format !== undefined) {
    if (field.type !== "date") add("/format", `format is for dates; ${name} is ${field.type}`);
    else {
      const problem = dateFormatProblem(rule.format);
      if (problem !== null) add("/format", problem);
    }
  }
  if (rule.values !== undefined) problems.push(...valuesProblems(field, name, rule.values, `${pointer}/values`));
  if (rule.pattern !== undefined) {
    if (rule.column === undefined) add("/pattern", "a pattern extracts from a column: give the column");
    const problem = findRegexProblem(rule.pattern);
    if (problem !== null) add("/pattern", describeRegexProblem(problem));
  }
  if (rule.fixed !== undefined) {
    const problem = fixedValueProblem(field, rule.fixed);
    if (problem !== null) add("/fixed", problem);
  }
  if (field.type === "money" && mapping.fields.currency === undefined) add("", `money is read with its currency's digits: map currency too (a column, or fixed)`);
  return problems;
}

function signProblems(field: CanonicalField, name: string, rule: FieldRule, pointer: string): MappingProblem[] {
  if (field.type !== "money") return [{ pointer, message: `a sign column is for money; ${name} is ${field.type}` }];
  if (rule.column === undefined) return [{ pointer, message: "a sign column signs an amount read from a column: give the column" }];
  if (Object.keys(rule.sign!.values).length === 0) return [{ pointer: `${pointer}/values`, message: "list the sign column's texts, e.g. { \"S\": \"debit\", \"H\": \"credit\" }" }];
  return [];
}

function valuesProblems(field: CanonicalField, name: string, values: Record<string, string>, pointer: string): MappingProblem[] {
  if (field.type !== "enum") return [{ pointer, message: `values translate texts to an enum's values; ${name} is ${field.type}` }];
  const allowed = field.values ?? [];
  return Object.entries(values)
    .filter(([, target]) => !allowed.includes(target))
    .map(([source, target]) => ({ pointer: `${pointer}/${pointerSegment(source)}`, message: `"${target}" is not one of ${name}'s values: ${allowed.join(", ")}` }));
}

function fixedValueProblem(field: CanonicalField, value: string): string | null {
  switch (field.type) {
    case "currency":
      return currencyExponent(value.toUpperCase()) === undefined ? `"${value}" is not an ISO 4217 currency code` : null;
    case "enum":
      return field.values?.includes(value) ? null : `"${value}" is not one of ${(field.values ?? []).join(", ")}`;
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : `a fixed date is written yyyy-mm-dd`;
    case "money":
    case "decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : `a fixed ${field.type} is written with "." as the decimal separator, e.g. "12.50"`;
    case "text":
      return null;
  }
}

/** The columns a mapping reads. */
export function columnsReadBy(mapping: ColumnMapping): string[] {
  const names = new Set<string>();
  for (const rule of Object.values(mapping.fields)) {
    for (const name of [rule.column, rule.debit, rule.credit, rule.sign?.column]) {
      if (name !== undefined) names.add(name);
    }
  }
  return [...names];
}

/** Whether a table with these header columns is of the mapping's layout: every signature column and every column it reads is there. */
export function mappingFitsHeader(mapping: ColumnMapping, columns: readonly string[]): boolean {
  const header = new Set(columns.map((name) => name.trim()));
  return [...mapping.signature.columns, ...columnsReadBy(mapping)].every((name) => header.has(name.trim()));
}
