import { AdapterError, type AdapterErrorLocation, type AdapterTable } from "~/core/adapters/types";
import type { RawTable } from "~/core/values/tables";
import { BANK_PROJECTIONS } from "./bank-projections";
import type { AdapterProjection, RecordValues } from "./projection";
import { PROVIDER_PROJECTIONS } from "./provider-projections";
import { CANONICAL_SCHEMAS, canonicalColumn, type CanonicalSchemaId } from "./schemas";

/**
 * The one entry point to canonical records: which schema an adapter's
 * records are, and their canonical `$` columns written beside the source's
 * own and the adapter's `@` helpers. Plain tables (no adapter) get theirs
 * from a saved column mapping: ./column-mapping.ts.
 */

export * from "./schemas";
export type { AdapterProjection, FieldSource } from "./projection";
export * from "./column-mapping";

/** Every adapter's projection, by adapter name. */
export const ADAPTER_PROJECTIONS: ReadonlyMap<string, AdapterProjection> = new Map([...BANK_PROJECTIONS, ...PROVIDER_PROJECTIONS].map((projection) => [projection.adapter, projection]));

/** A missing required field is reported once per field with its first rows, like an adapter's own capped errors. */
const MAX_LISTED_ERRORS = 100;

export function canonicalSchemaOfAdapter(adapterName: string): CanonicalSchemaId | undefined {
  return ADAPTER_PROJECTIONS.get(adapterName)?.schema;
}

/**
 * The table with the schema's `$` columns appended (source and `@` columns
 * kept, in order). Values follow schemas.ts conventions; a required field a
 * record lacks is a located AdapterError (file, line, field), as an
 * adapter's integrity breaks are: under "lenient" it is a located warning on
 * the result and the field is empty (a camt batch whose transactions carry
 * no amounts of their own has no per-transaction amount to give). An adapter
 * without a canonical schema gives the table back as it is.
 */
export function withCanonicalColumns(adapterName: string, table: RawTable, options: { fileName: string; policy?: "strict" | "lenient" }): AdapterTable {
  const projection = ADAPTER_PROJECTIONS.get(adapterName);
  if (!projection) return table;
  const fieldNames = Object.keys(CANONICAL_SCHEMAS[projection.schema].fields);
  const canonicalCells = fieldNames.map(() => new Array<string | null>(table.rowCount).fill(null));
  const errors: AdapterErrorLocation[] = [];
  let errorCount = 0;
  const values: Record<string, string | null> = {};
  for (let row = 0; row < table.rowCount; row++) {
    table.columns.forEach((name, index) => {
      values[name] = table.cells[index]![row] ?? null;
    });
    const canonical = projectRecord(projection, values);
    fieldNames.forEach((field, index) => {
      canonicalCells[index]![row] = canonical[canonicalColumn(field)] ?? null;
    });
    for (const field of missingRequiredFields(projection, canonical)) {
      errorCount++;
      if (errors.length < MAX_LISTED_ERRORS) errors.push(missingFieldError(projection, field, options.fileName, table.provenance.line[row] ?? row + 1));
    }
  }
  if (errorCount > 0 && options.policy !== "lenient") throw new AdapterError(errors, errorCount);
  const result: AdapterTable = { ...table, columns: [...table.columns, ...fieldNames.map(canonicalColumn)], cells: [...table.cells, ...canonicalCells] };
  if (errorCount > 0) result.warnings = [...((table as AdapterTable).warnings ?? []), ...errors];
  return result;
}

/**
 * Same for one streamed record's values (profiling and preview stream
 * records): the record's values with the `$` values added. With a location,
 * a required field the record lacks throws the located AdapterError
 * withCanonicalColumns throws; without one the field is null, for a preview
 * that shows what it can.
 */
export function canonicalValuesOf(adapterName: string, values: Readonly<Record<string, string | null>>, location?: { fileName: string; line: number }): Record<string, string | null> {
  const projection = ADAPTER_PROJECTIONS.get(adapterName);
  if (!projection) return { ...values };
  const canonical = projectRecord(projection, values);
  if (location) {
    const missing = missingRequiredFields(projection, canonical);
    if (missing.length > 0) throw new AdapterError(missing.map((field) => missingFieldError(projection, field, location.fileName, location.line)));
  }
  return { ...values, ...canonical };
}

function projectRecord(projection: AdapterProjection, values: RecordValues): Record<string, string | null> {
  const canonical: Record<string, string | null> = {};
  for (const field of Object.keys(CANONICAL_SCHEMAS[projection.schema].fields)) {
    canonical[canonicalColumn(field)] = projection.fields[field]?.read(values) ?? null;
  }
  return canonical;
}

function missingRequiredFields(projection: AdapterProjection, canonical: Readonly<Record<string, string | null>>): string[] {
  const fields = CANONICAL_SCHEMAS[projection.schema].fields;
  return Object.keys(fields).filter((field) => fields[field]!.required === true && canonical[canonicalColumn(field)] === null);
}

function missingFieldError(projection: AdapterProjection, field: string, fileName: string, line: number): AdapterErrorLocation {
  const source = projection.fields[field]?.from;
  const where = source === undefined ? `${projection.adapter} cannot give it` : `${projection.adapter} reads it from ${source}`;
  return { file: fileName, line, field: canonicalColumn(field), message: `the record has no ${field}, which a ${projection.schema} requires (${where})` };
}
