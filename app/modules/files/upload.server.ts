import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { OrgContext } from "~/core/access";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { bodyIssues } from "~/core/errors/zod-issues";
import { newId } from "~/platform/db/ids";
import { uploadedFiles } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { getEnv } from "~/platform/env.server";
import { getArtifactStore, type StoredObject } from "~/platform/storage/index.server";
import { recordAudit } from "~/modules/audit/index.server";
import { receiveMultipartUpload } from "./multipart-upload.server";
import { enqueueProfiling, type IngestPolicy, type UploadedFile } from "./repository.server";
import { lockStorageKey, releaseStoredObject } from "./stored-objects.server";

const MAX_FILE_NAME_LENGTH = 255;

/** What the form next to the file says, once validated. */
export interface UploadForm {
  tags: string[];
  inbox: string | null;
  policy: IngestPolicy;
}

export const UPLOAD_FILE_FIELD = "file";
export const UPLOAD_FORM_FIELDS = ["tags", "inbox", "policy"] as const;

export interface ReceivedUpload extends UploadForm {
  stored: StoredObject;
  name: string;
  mime: string;
}

/**
 * Streams the multipart upload into storage and validates the form. On any
 * failure (413, 415, 422, an aborted client, a storage error) nothing it
 * stored is left behind.
 */
export async function receiveUpload(
  ctx: OrgContext,
  request: Request,
  formSchema: z.ZodType<UploadForm>,
): Promise<ReceivedUpload> {
  const upload = await receiveMultipartUpload(request, {
    store: getArtifactStore(),
    maxFileBytes: getEnv().MAX_UPLOAD_BYTES,
    fileField: UPLOAD_FILE_FIELD,
    allowedFields: UPLOAD_FORM_FIELDS,
    release: (stored) => releaseStoredObject(ctx, stored.key),
  });
  const form = formSchema.safeParse(upload.fields);
  if (!form.success) {
    await releaseStoredObject(ctx, upload.stored.key);
    const errors = bodyIssues(form.error);
    throw new ValidationFailed(`${errors.length} problem${errors.length === 1 ? "" : "s"} in the form`, { errors });
  }
  return {
    ...form.data,
    stored: upload.stored,
    name: cleanFileName(upload.fileName),
    mime: cleanMimeType(upload.mimeType),
  };
}

/**
 * Records an upload whose bytes are already stored and queues its profiling,
 * in one transaction. Bytes the org already has are accepted too (a bank
 * re-sending yesterday's statement is worth knowing, not refusing):
 * `duplicateOf` then names the org's earliest file with the same sha256.
 */
export async function createUploadedFile(
  ctx: OrgContext,
  upload: ReceivedUpload,
): Promise<{ file: UploadedFile; duplicateOf: UploadedFile | null }> {
  try {
    return await inOrgTransaction(ctx.orgId, async (tx) => {
      await lockStorageKey(tx, upload.stored.key);
      // Under the lock, a failed upload of the same bytes can no longer
      // release the object; it may have done so just before, though.
      if (!(await getArtifactStore().exists(upload.stored.key))) {
        throw new Error(`stored object ${upload.stored.key} was released before its file row was written; the upload can be retried`);
      }
      const [original] = await tx
        .select()
        .from(uploadedFiles)
        .where(and(eq(uploadedFiles.orgId, ctx.orgId), eq(uploadedFiles.sha256, upload.stored.sha256)))
        .orderBy(asc(uploadedFiles.id))
        .limit(1);
      const [file] = await tx
        .insert(uploadedFiles)
        .values({
          id: newId("file"),
          orgId: ctx.orgId,
          name: upload.name,
          mime: upload.mime,
          size: upload.stored.size,
          sha256: upload.stored.sha256,
          storageKey: upload.stored.key,
          status: "processing",
          kind: "upload",
          policy: upload.policy,
          tags: upload.tags,
          inbox: upload.inbox,
          duplicateOf: original?.id ?? null,
          createdBy: ctx.actor.label,
        })
        .returning();
      await enqueueProfiling(tx, file!.id);
      await recordAudit(tx, ctx, {
        action: "file.uploaded",
        resourceType: "file",
        resourceId: file!.id,
        changes: {
          after: {
            name: file!.name,
            mime: file!.mime,
            size: file!.size,
            sha256: file!.sha256,
            kind: file!.kind,
            policy: file!.policy,
            tags: file!.tags,
            inbox: file!.inbox,
            duplicateOf: file!.duplicateOf,
            status: file!.status,
          },
        },
      });
      return { file: file!, duplicateOf: original ?? null };
    });
  } catch (error) {
    await releaseStoredObject(ctx, upload.stored.key);
    throw error;
  }
}

/** Path parts are already gone (busboy); control characters and absurd lengths go here. */
function cleanFileName(fileName: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = (fileName ?? "").replace(/[\u0000-\u001f\u007f]/g, "_").trim();
  if (cleaned === "" || cleaned === "." || cleaned === "..") return "upload";
  return [...cleaned].slice(0, MAX_FILE_NAME_LENGTH).join("");
}

const MIME_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/** The declared type is echoed on download, so only a well-formed type/subtype is kept. */
function cleanMimeType(mimeType: string): string {
  const normalized = mimeType.trim().toLowerCase();
  return MIME_TYPE_PATTERN.test(normalized) ? normalized : "application/octet-stream";
}
