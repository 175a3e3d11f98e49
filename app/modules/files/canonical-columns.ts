import type { FileFormat } from "~/core/adapters/file-format";
import { applyColumnMapping, withCanonicalColumns, type ColumnMapping } from "~/core/canonical";
import type { RawTable } from "~/core/engine/types";

/**
 * A file's rows with the canonical `$` columns its format delivers appended
 * (the source's own columns, and an adapter's `@` helpers, kept as they are):
 * an adapter's projection, or the file's copy of its column mapping. A
 * plain table with neither comes back unchanged. Through a mapping the
 * file's policy holds: under strict, a value the mapping cannot read is a
 * located AdapterError.
 */
export function withCanonicalColumnsOfFormat(
  format: Pick<FileFormat, "adapter" | "mapping"> | null,
  table: RawTable,
  file: { name: string; policy: "strict" | "lenient" },
  adapterName: string | undefined = format?.adapter ?? undefined,
): RawTable {
  // Additive for an adapter's records: one the projection cannot complete (a camt batch's breakdown lines carry no
  // amount of their own) gets empty values rather than failing a read that never asked for them.
  if (adapterName) return withCanonicalColumns(adapterName, table, { fileName: file.name, policy: "lenient" });
  const mapping = format?.mapping;
  if (!mapping) return table;
  const columnMapping = { schema: mapping.schema, signature: mapping.signature, fields: mapping.fields } as ColumnMapping;
  return applyColumnMapping(table, columnMapping, { fileName: file.name, policy: file.policy });
}
