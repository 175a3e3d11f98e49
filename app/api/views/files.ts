import type { z } from "zod";
import type { FilePreviewSchema, FileSchema } from "~/api/contracts/files";
import type { FileFormat } from "~/core/adapters/file-format";
import { canonicalSchemaOfFormat, type FilePreview, type UploadedFile } from "~/modules/files/index.server";

/** Files on the wire, typed by their contracts so a view cannot drift from the documented shape unnoticed. */

export function serializeFile(file: UploadedFile): z.infer<typeof FileSchema> {
  return {
    id: file.id,
    object: "file" as const,
    name: file.name,
    mime: file.mime,
    size: file.size,
    sha256: file.sha256,
    status: file.status,
    kind: file.kind,
    policy: file.policy,
    tags: file.tags,
    inbox: file.inbox,
    duplicateOf: file.duplicateOf,
    duplicateStatementOf: file.duplicateStatementOf,
    format: serializeFileFormat(file.format),
    retentionUntil: file.retentionUntil?.toISOString() ?? null,
    detectedSchema: file.detectedSchema,
    overrides: file.overrides,
    rowCount: file.rowCount,
    errorCount: file.errorCount,
    errors: file.errors,
    rejectedLines: file.rejectedLines,
    createdBy: file.createdBy,
    createdAt: file.createdAt.toISOString(),
    updatedAt: file.updatedAt.toISOString(),
    profiledAt: file.profiledAt?.toISOString() ?? null,
  };
}

/** The file's format without the mapping's rules (GET /api/v1/column-mappings/{id} has those), with the schema it delivers. */
export function serializeFileFormat(format: FileFormat | null): z.infer<typeof FileSchema>["format"] {
  if (!format) return null;
  const { mapping, ...rest } = format;
  return {
    ...rest,
    mapping: mapping ? { id: mapping.id, name: mapping.name, version: mapping.version, schema: mapping.schema } : null,
    canonicalSchema: canonicalSchemaOfFormat(format) ?? null,
  };
}

/** The `warning` of an upload's answer (UploadedFile): set when the org already had the same bytes. */
export function duplicateWarning(duplicateOf: UploadedFile | null): string | null {
  if (!duplicateOf) return null;
  return (
    `Same bytes (sha256) as file '${duplicateOf.id}' ('${duplicateOf.name}', uploaded ${duplicateOf.createdAt.toISOString()}); ` +
    "it was accepted, and duplicateOf points to the earlier file."
  );
}

export function serializeFilePreview(preview: FilePreview): z.infer<typeof FilePreviewSchema> {
  return {
    object: "file_preview" as const,
    fileId: preview.file.id,
    columns: preview.columns,
    rows: preview.rows,
  };
}
