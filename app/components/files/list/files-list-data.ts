import type { SerializeFrom } from "@remix-run/node";
import type { UploadedFile } from "~/modules/files/index.server";

/** The first page of the list; older files come a page at a time through the cursor. */
export const PAGE_SIZE = 50;

/** One row of the files list: the stored file's fields the table shows. */
export function toFileListItem(file: UploadedFile) {
  return {
    id: file.id,
    name: file.name,
    size: file.size,
    sha256: file.sha256,
    status: file.status,
    kind: file.kind,
    policy: file.policy,
    tags: file.tags,
    inbox: file.inbox,
    duplicateOf: file.duplicateOf,
    rowCount: file.rowCount,
    errorCount: file.errorCount,
    format: file.detectedSchema?.format ?? null,
    recognized: file.format,
    duplicateStatementOf: file.duplicateStatementOf,
    createdAt: file.createdAt.toISOString(),
    createdBy: file.createdBy,
  };
}

export type FileListItem = SerializeFrom<ReturnType<typeof toFileListItem>>;

export interface FilesQuery {
  status?: "processing" | "ready" | "failed";
  kind?: "upload" | "artifact" | "snapshot";
  q?: string;
  cursor?: string;
}

export interface FilesListData {
  files: FileListItem[];
  nextCursor: string | null;
  filtered: boolean;
  query: FilesQuery;
  canUpload: boolean;
}
