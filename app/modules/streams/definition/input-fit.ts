import type { FileFormat } from "~/core/adapters/file-format";
import { canonicalColumnsOf, CANONICAL_SCHEMAS, type CanonicalSchemaId } from "~/core/canonical/schemas";
import type { RuleSetDefinition, SideDefinition } from "~/core/engine/rule-set";
import type { StepInput, StreamDefinition } from "~/core/streams/definition";

/**
 * Can a file be a run parameter's file? Each step side that reads the
 * parameter maps some columns (its rule set's mappings, and the columns a
 * concat or coalesce names); the file offers its profiled columns, plus the
 * canonical `$` columns its format delivers. A column the side maps that the
 * file lacks makes the step fail on its mapping as soon as it runs, so the
 * Run dialog and run creation refuse the file first, naming the columns.
 *
 * Only what can be known from the profile is judged: a step that reads the
 * file through another adapter than the one it was profiled with, or a file
 * without a profile, is left to the run. Pure; the caller brings the rule
 * sets, the files and core's adapter-to-schema map.
 */
export type SchemaOfAdapter = (adapter: string) => CanonicalSchemaId | undefined;

export interface FitFile {
  id: string;
  name: string;
  format: FileFormat | null;
  /** The profiled columns' names; null when the file has no profile. */
  columns: string[] | null;
}

/** One step side that reads a parameter, with the columns its mapping needs. */
export interface ParameterReader {
  parameter: string;
  stepKey: string;
  stepName: string;
  side: "source" | "target";
  /** Where the input is in the definition, e.g. "/steps/1/inputs/target". */
  pointer: string;
  input: Extract<StepInput, { kind: "FILE" }>;
  columns: string[];
}

/** Why a file cannot be one reader's input. */
export interface FitProblem {
  reader: ParameterReader;
  /** Columns the step maps that the file does not have, in mapping order. */
  missingColumns: string[];
  /** The records the input accepts and the file's format does not deliver, when that is why. */
  schemaMismatch: { accepts: CanonicalSchemaId; delivered: CanonicalSchemaId | null } | null;
  message: string;
}

/** The columns a side's mappings read from the file, each once, in mapping order. */
export function columnsReadBySide(side: SideDefinition): string[] {
  const columns: string[] = [];
  const add = (column: string) => {
    if (!columns.includes(column)) columns.push(column);
  };
  for (const mapping of side.mappings) {
    if (mapping.column !== undefined) add(mapping.column);
    for (const transform of mapping.transforms) if (transform.op === "concat" || transform.op === "coalesce") transform.columns.forEach(add);
  }
  return columns;
}

/** Every FILE input reading a run parameter, with its step's rule set's columns (a step whose rule set is unknown reads none). */
export function parameterReaders(definition: { steps: ReadonlyArray<Pick<StreamDefinition["steps"][number], "key" | "name" | "inputs">> }, rulesOfStep: (stepKey: string) => RuleSetDefinition | null): ParameterReader[] {
  const readers: ParameterReader[] = [];
  definition.steps.forEach((step, index) => {
    const rules = rulesOfStep(step.key);
    for (const side of ["source", "target"] as const) {
      const input = step.inputs[side];
      if (input.kind !== "FILE" || input.parameter === undefined) continue;
      readers.push({ parameter: input.parameter, stepKey: step.key, stepName: step.name, side, pointer: `/steps/${index}/inputs/${side}`, input, columns: rules ? columnsReadBySide(rules[side]) : [] });
    }
  });
  return readers;
}

/** The columns the file offers to this input, or null when the profile cannot tell. */
export function columnsOffered(file: FitFile, input: ParameterReader["input"], schemaOfAdapter: SchemaOfAdapter): string[] | null {
  if (file.columns === null) return null;
  const profiledAdapter = file.format?.adapter ?? undefined;
  // The profile holds the columns of the adapter the file was read with; another adapter gives other columns.
  if (input.adapter !== undefined && input.adapter !== profiledAdapter) return null;
  const delivered = deliveredSchema(file, input, schemaOfAdapter);
  return [...new Set([...file.columns, ...(delivered ? canonicalColumnsOf(delivered) : [])])];
}

function deliveredSchema(file: FitFile, input: ParameterReader["input"], schemaOfAdapter: SchemaOfAdapter): CanonicalSchemaId | null {
  const adapter = input.adapter ?? file.format?.adapter ?? undefined;
  if (adapter !== undefined) return schemaOfAdapter(adapter) ?? null;
  return file.format?.mapping?.schema ?? null;
}

/** Why the file cannot be this reader's input, or null when it fits (or the profile cannot tell). */
export function fitProblem(file: FitFile, reader: ParameterReader, schemaOfAdapter: SchemaOfAdapter): FitProblem | null {
  const offered = columnsOffered(file, reader.input, schemaOfAdapter);
  if (offered === null) return null;
  const missingColumns = reader.columns.filter((column) => !offered.includes(column));
  const accepts = reader.input.accepts;
  const delivered = deliveredSchema(file, reader.input, schemaOfAdapter);
  const schemaMismatch = accepts !== undefined && delivered !== accepts ? { accepts, delivered } : null;
  if (missingColumns.length === 0 && schemaMismatch === null) return null;
  const step = `step “${reader.stepName}” (${reader.stepKey}) reads it as its ${reader.side}`;
  const lacks = missingColumns.length > 0 ? ` and needs column${missingColumns.length === 1 ? "" : "s"} ${missingColumns.map((column) => `“${column}”`).join(", ")}, which ${file.name} does not have` : "";
  const records = schemaMismatch ? `; it accepts ${recordsLabel(schemaMismatch.accepts)}, and ${file.name} ${schemaMismatch.delivered ? `gives ${recordsLabel(schemaMismatch.delivered)}` : `is read as ${file.format?.title ?? "a plain table"}, which gives none`} — choose its format or a column mapping` : "";
  return { reader, missingColumns, schemaMismatch, message: `${file.name} cannot be the “${reader.parameter}” file: ${step}${lacks}${records}` };
}

/** Every reason the file cannot be the parameter's file, one per reading step. */
export function parameterFitProblems(file: FitFile, parameter: string, readers: ParameterReader[], schemaOfAdapter: SchemaOfAdapter): FitProblem[] {
  return readers.filter((reader) => reader.parameter === parameter).flatMap((reader) => fitProblem(file, reader, schemaOfAdapter) ?? []);
}

/** The missing columns of several problems, each once. */
export function missingColumnsOf(problems: FitProblem[]): string[] {
  return [...new Set(problems.flatMap((problem) => problem.missingColumns))];
}

function recordsLabel(schema: CanonicalSchemaId): string {
  return `${CANONICAL_SCHEMAS[schema].title.toLowerCase()}s`;
}

