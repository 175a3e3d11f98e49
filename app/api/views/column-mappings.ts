import type { z } from "~/api/zod";
import type { ColumnMappingSchema } from "~/api/contracts/column-mappings";
import type { SavedColumnMapping } from "~/modules/column-mappings/index.server";

export function serializeColumnMapping(mapping: SavedColumnMapping): z.input<typeof ColumnMappingSchema> {
  return {
    id: mapping.id,
    object: "column_mapping" as const,
    name: mapping.name,
    schema: mapping.schema,
    signature: mapping.signature,
    fields: mapping.fields,
    version: mapping.version,
    template:
      mapping.templateId !== null && mapping.templateVersion !== null && mapping.templateKey !== null
        ? { id: mapping.templateId, version: mapping.templateVersion, key: mapping.templateKey }
        : null,
    createdBy: mapping.createdBy,
    createdAt: mapping.createdAt.toISOString(),
    updatedAt: mapping.updatedAt.toISOString(),
  };
}
