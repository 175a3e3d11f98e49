import type { z } from "zod";
import type { DataSourceSnapshotSchema } from "~/api/contracts/data-sources";
import type { FilePreviewSchema, FileSchema } from "~/api/contracts/files";
import type { SnapshotWithFile } from "~/modules/data-sources/index.server";
import type { FilePreview, UploadedFile } from "~/modules/files/index.server";

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
    format: file.format,
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

/** A data source's snapshot is a file with where it came from; it embeds the file's view. */
export function serializeSnapshot({ snapshot, file }: SnapshotWithFile): z.infer<typeof DataSourceSnapshotSchema> {
  return {
    id: snapshot.id,
    object: "data_source_snapshot" as const,
    dataSourceId: snapshot.dataSourceId,
    fileId: snapshot.fileId,
    query: snapshot.query,
    sourceUrl: snapshot.sourceUrl,
    rowCount: snapshot.rowCount,
    size: file.size,
    sha256: file.sha256,
    file: serializeFile(file),
    createdBy: snapshot.createdBy,
    createdAt: snapshot.createdAt.toISOString(),
  };
}
