import type { FileFormat } from "~/core/adapters/file-format";
import { applyColumnMapping, withCanonicalColumns, type ColumnMapping } from "~/core/canonical";
import type { RawTable } from "~/core/engine/types";

/**
 * A file's rows with the canonical `$` columns its format delivers appended
 * (the source's own columns, and an adapter's `@` helpers, kept as they are):
 * an adapter's projection, or the file's copy of its column mapping. A
 * plain table with neither comes back unchanged. Located AdapterErrors (a
 * required field missing, a value the mapping cannot read) propagate.
 */
export function withCanonicalColumnsOfFormat(
  format: Pick<FileFormat, "adapter" | "mapping"> | null,
  table: RawTable,
  file: { name: string; policy: "strict" | "lenient" },
  adapterName: string | undefined = format?.adapter ?? undefined,
): RawTable {
  if (adapterName) return withCanonicalColumns(adapterName, table, { fileName: file.name });
  const mapping = format?.mapping;
  if (!mapping) return table;
  const columnMapping = { schema: mapping.schema, signature: mapping.signature, fields: mapping.fields } as ColumnMapping;
  return applyColumnMapping(table, columnMapping, { fileName: file.name, policy: file.policy });
}
