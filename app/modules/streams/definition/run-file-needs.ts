import { FORMAT_ADAPTERS } from "~/core/adapters";
import type { FileFormat } from "~/core/adapters/file-format";
import { CANONICAL_SCHEMAS, type CanonicalSchemaId } from "~/core/canonical/schemas";
import type { StreamDefinition } from "~/core/streams/definition";

/**
 * What the Run dialog tells about each file parameter: the canonical records
 * its steps accept (and the formats that deliver them), and for each of the
 * org's ready files whether its recognized format delivers them. A misfit is
 * a warning, never a refusal: a plain CSV can still be mapped to the schema,
 * and a person may know better than recognition.
 *
 * Which schema an adapter's records are is core's knowledge
 * (`canonicalSchemaOfAdapter` in ~/core/canonical); it is passed in, so this
 * module follows it without a copy of the map.
 */
export type SchemaOfAdapter = (adapter: string) => CanonicalSchemaId | undefined;

export interface AcceptedRecords {
  schema: CanonicalSchemaId;
  title: string;
  /** "Bank statement lines: camt.053, MT940, BAI2, bank CSV, or a CSV with a column mapping". */
  summary: string;
}

export interface RunFileNeed {
  name: string;
  description: string;
  required: boolean;
  accepts: AcceptedRecords[];
}

export interface RunFileChoice {
  id: string;
  name: string;
  /** The recognized format's title; null for a plain table. */
  formatTitle: string | null;
  /** The schema its format delivers: null for a plain table, or a format with no (known) canonical records. */
  delivers: CanonicalSchemaId | null;
}

/** Each run parameter with the schemas the FILE inputs reading it accept. */
export function runFileNeeds(definition: StreamDefinition, schemaOfAdapter: SchemaOfAdapter): RunFileNeed[] {
  return definition.settings.parameters.map((parameter) => {
    const schemas = new Set<CanonicalSchemaId>();
    for (const step of definition.steps) {
      for (const input of [step.inputs.source, step.inputs.target]) {
        if (input.kind === "FILE" && input.parameter === parameter.name && input.accepts !== undefined) schemas.add(input.accepts);
      }
    }
    return { name: parameter.name, description: parameter.description, required: parameter.required, accepts: [...schemas].map((schema) => acceptedRecords(schema, schemaOfAdapter)) };
  });
}

export function acceptedRecords(schema: CanonicalSchemaId, schemaOfAdapter: SchemaOfAdapter): AcceptedRecords {
  const title = CANONICAL_SCHEMAS[schema].title;
  const formats = FORMAT_ADAPTERS.filter((adapter) => schemaOfAdapter(adapter.name) === schema).map((adapter) => adapter.title);
  const summary = formats.length > 0 ? `${title}s: ${formats.join(", ")}, or a CSV with a column mapping` : `${title}s: a file whose format delivers them, or a CSV with a column mapping`;
  return { schema, title, summary };
}

export function runFileChoice(file: { id: string; name: string; format: FileFormat | null }, schemaOfAdapter: SchemaOfAdapter): RunFileChoice {
  const adapter = file.format?.adapter ?? null;
  return { id: file.id, name: file.name, formatTitle: file.format?.title ?? null, delivers: adapter === null ? null : (schemaOfAdapter(adapter) ?? null) };
}

/** What the Run dialog's picker for one parameter shows: what it accepts, and the files in fit order with any warning. */
export interface RunFilePicker extends RunFileNeed {
  files: Array<{ id: string; name: string; warning: string | null }>;
}

export function runFilePickers(definition: StreamDefinition, files: Array<{ id: string; name: string; format: FileFormat | null }>, schemaOfAdapter: SchemaOfAdapter): RunFilePicker[] {
  const choices = files.map((file) => runFileChoice(file, schemaOfAdapter));
  return runFileNeeds(definition, schemaOfAdapter).map((need) => ({
    ...need,
    files: filesInFitOrder(choices, need).map((choice) => ({ id: choice.id, name: choice.name, warning: fileFitWarning(choice, need) })),
  }));
}

/** Files that deliver what the parameter accepts first, then the others, each group in the given order. */
export function filesInFitOrder<File extends Pick<RunFileChoice, "delivers" | "formatTitle">>(files: File[], need: Pick<RunFileNeed, "accepts">): File[] {
  if (need.accepts.length === 0) return files;
  const fits = (file: File) => file.delivers !== null && need.accepts.some((accepted) => accepted.schema === file.delivers);
  return [...files.filter(fits), ...files.filter((file) => !fits(file))];
}

/**
 * Why a chosen file may not give the parameter what it accepts, or null.
 * Only a recognized format known to deliver another schema is named: a plain
 * table may be mapped to the schema, and a format with no known schema is
 * left to the run to judge.
 */
export function fileFitWarning(file: Pick<RunFileChoice, "name" | "delivers" | "formatTitle">, need: Pick<RunFileNeed, "accepts">): string | null {
  if (need.accepts.length === 0 || file.delivers === null) return null;
  if (need.accepts.some((accepted) => accepted.schema === file.delivers)) return null;
  const wanted = need.accepts.map((accepted) => `${accepted.title.toLowerCase()}s`).join(" or ");
  return `${file.name} is read as ${file.formatTitle ?? "its format"}, which delivers ${CANONICAL_SCHEMAS[file.delivers].title.toLowerCase()}s, not ${wanted}. The run may fail or find nothing to match.`;
}
