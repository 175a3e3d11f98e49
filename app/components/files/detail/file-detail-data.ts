import type { SerializeFrom } from "@remix-run/node";
import type { ProblemView } from "~/components/problem";
import type { ColumnType } from "~/core/ingest";
import type { FileFormatView, MappingChoice } from "../file-format";
import type { previewFile, UploadedFile } from "~/modules/files/index.server";

/** Rows shown in the preview card; the loader asks for this many. */
export const PREVIEW_ROWS = 20;

/** Column types offered in the override form (kept here: the .server forms module is not in the browser bundle). */
export const TYPE_CHOICES: readonly ColumnType[] = ["string", "integer", "amount", "date", "datetime", "boolean", "currency", "empty"];

type FileFields = "id" | "name" | "mime" | "size" | "sha256" | "status" | "kind" | "policy" | "tags" | "inbox" | "duplicateOf" | "duplicateStatementOf" | "rowCount" | "errorCount" | "errors" | "detectedSchema" | "overrides" | "createdBy";

/** What the file page's loader sends, as the browser receives it. */
export type FileDetailData = SerializeFrom<{
  file: Pick<UploadedFile, FileFields> & { format: FileFormatView | null; rejectedLineCount: number; createdAt: string; profiledAt: string | null };
  preview: { columns: string[]; rows: Awaited<ReturnType<typeof previewFile>>["rows"] } | null;
  previewProblem: ProblemView | null;
  aroundLine: number | null;
  adapters: Array<{ name: string; title: string }>;
  mappings: MappingChoice[];
  canEdit: boolean;
  canDelete: boolean;
}>;

export type FileView = FileDetailData["file"];
export type Schema = NonNullable<FileView["detectedSchema"]>;
export type FileErrors = FileView["errors"];
export type Preview = NonNullable<FileDetailData["preview"]>;

export type FileActionData = { ok: true; message?: string } | { ok: false; error: { message: string; status: number; fields: Record<string, string> } };
