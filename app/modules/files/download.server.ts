import type { Readable } from "node:stream";
import type { OrgContext } from "~/core/access";
import { getArtifactStore } from "~/platform/storage/index.server";
import { getFile, type UploadedFile } from "./repository.server";
import { assertBytesRetained, verifyStoredBytes } from "./stored-bytes.server";

/**
 * The original bytes, verified. The store checks an object's sha256 only as
 * it streams, i.e. after a response would have been committed with a 200.
 * So the object is read twice: once to hash it completely, and only if it
 * matches the sha256 recorded at upload a second time to send it. That
 * doubles the disk reads of a download, which is the price of never serving
 * corrupt bytes under a success status. The second read is still verified
 * by the store as it streams; corruption in the moment between the two reads
 * aborts the transfer (the client sees a truncated body, not a clean one).
 */
export async function openVerifiedDownload(ctx: OrgContext, id: string): Promise<{ file: UploadedFile; body: Readable }> {
  const file = await getFile(ctx, id);
  await assertBytesRetained(ctx, file);
  await verifyStoredBytes(ctx, file);
  return { file, body: await getArtifactStore().get(file.storageKey) };
}

/**
 * The declared type, with the charset profiling detected for text. Without
 * one, Express would label every text/* download utf-8, which is wrong for
 * the windows-1252 and UTF-16 exports banks produce.
 */
export function contentTypeFor(file: UploadedFile): string {
  const encoding = file.detectedSchema?.encoding;
  const isText = file.mime.startsWith("text/") || file.mime === "application/json";
  if (!isText || !encoding || file.detectedSchema?.format === "xlsx") return file.mime;
  return `${file.mime}; charset=${encoding}`;
}

/** RFC 6266: an ASCII fallback plus the exact UTF-8 name. */
export function contentDispositionFor(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

function encodeRfc5987(text: string): string {
  return encodeURIComponent(text).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}
