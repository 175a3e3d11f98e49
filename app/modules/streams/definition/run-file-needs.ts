import { FORMAT_ADAPTERS } from "~/core/adapters";
import type { FileFormat } from "~/core/adapters/file-format";
import { CANONICAL_SCHEMAS, type CanonicalSchemaId } from "~/core/canonical/schemas";
import type { SchemaOfAdapter } from "./input-fit";
import type { StreamDefinition } from "~/core/streams/definition";
import { columnsOffered, missingColumnsOf, parameterFitProblems, type ParameterReader } from "./input-fit";

/**
 * What the Run dialog tells about each file parameter: the canonical records
 * its steps accept (and the formats that deliver them), and for each of the
 * org's ready files whether it fits. A file lacking columns the reading steps
 * map (or the records the input accepts) is refused, naming them
 * (./input-fit.ts, as run creation refuses it); a format that may not fit but
 * cannot be judged from the profile only warns.
 *
 * Which schema an adapter's records are is core's knowledge
 * (`canonicalSchemaOfAdapter` in ~/core/canonical); it is passed in, so this
 * module follows it without a copy of the map.
 */
export type { SchemaOfAdapter } from "./input-fit";

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

/** A file as the Run dialog lists it; the details beyond id, name and format are optional so a caller may give less. */
export interface RunDialogFile {
  id: string;
  name: string;
  format: FileFormat | null;
  /** Profiled column names; null or absent when unknown (no refusal is then made). */
  columns?: string[] | null;
  rowCount?: number | null;
  /** ISO time of the upload. */
  createdAt?: string;
  tags?: string[];
}

export interface RunFileOption {
  id: string;
  name: string;
  /** What the option reads: "payouts.csv · 1,204 rows · uploaded 7 Dec 2026, 09:12 UTC · march, stripe". */
  label: string;
  warning: string | null;
  /** Why this file cannot be the parameter's file (missing columns, wrong records); the dialog refuses it. */
  refusal: string | null;
  missingColumns: string[];
}

/** What the Run dialog's picker for one parameter shows: what it accepts, the files in fit order, and the one chosen for the person. */
export interface RunFilePicker extends RunFileNeed {
  files: RunFileOption[];
  /** The newest file known to fit (its columns, or its format's records): null when nothing is known to. */
  preselected: string | null;
}

/** The reader's zone and language, so the dialog's upload times read as every other time on their pages. */
export interface RunDialogDisplay {
  timeZone: string;
  locale: string;
}

export function runFilePickers(definition: StreamDefinition, files: RunDialogFile[], schemaOfAdapter: SchemaOfAdapter, readers: ParameterReader[] = [], display: RunDialogDisplay = { timeZone: "UTC", locale: "en-GB" }): RunFilePicker[] {
  const label = optionLabeller(display);
  const newestFirst = [...files].sort((a, b) => (b.createdAt ?? "").localeCompare(a.createdAt ?? ""));
  return runFileNeeds(definition, schemaOfAdapter).map((need) => {
    const ownReaders = readers.filter((reader) => reader.parameter === need.name);
    const judged = newestFirst.map((file) => {
      const choice = runFileChoice(file, schemaOfAdapter);
      const fitFile = { id: file.id, name: file.name, format: file.format, columns: file.columns ?? null };
      const problems = parameterFitProblems(fitFile, need.name, ownReaders, schemaOfAdapter);
      const columnsKnown = ownReaders.some((reader) => reader.columns.length > 0) && ownReaders.every((reader) => columnsOffered(fitFile, reader.input, schemaOfAdapter) !== null);
      const option: RunFileOption = {
        id: file.id,
        name: file.name,
        label: label(file, problems.length > 0),
        warning: problems.length > 0 ? null : fileFitWarning(choice, need),
        refusal: problems.length > 0 ? problems.map((problem) => problem.message).join(". ") : null,
        missingColumns: missingColumnsOf(problems),
      };
      const deliversAccepted = need.accepts.length > 0 && choice.delivers !== null && need.accepts.some((accepted) => accepted.schema === choice.delivers);
      return { option, choice, fits: option.refusal === null && (deliversAccepted || (need.accepts.length === 0 && columnsKnown)) };
    });
    const ordered = [...judged.filter((entry) => entry.fits), ...judged.filter((entry) => !entry.fits && entry.option.refusal === null), ...judged.filter((entry) => entry.option.refusal !== null)];
    return { ...need, files: ordered.map((entry) => entry.option), preselected: judged.find((entry) => entry.fits)?.option.id ?? null };
  });
}

function optionLabeller(display: RunDialogDisplay): (file: RunDialogFile, refused: boolean) => string {
  const uploaded = new Intl.DateTimeFormat(display.locale, { timeZone: display.timeZone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });
  const rows = new Intl.NumberFormat(display.locale);
  return (file, refused) => {
    const parts = [file.name];
    if (file.rowCount !== undefined && file.rowCount !== null) parts.push(`${rows.format(file.rowCount)} row${file.rowCount === 1 ? "" : "s"}`);
    if (file.createdAt) parts.push(`uploaded ${uploaded.format(new Date(file.createdAt))}`);
    if (file.tags && file.tags.length > 0) parts.push(file.tags.join(", "));
    return `${parts.join(" · ")}${refused ? " — does not fit" : ""}`;
  };
}

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
