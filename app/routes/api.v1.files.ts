import { listFilesOp, UploadFormSchema, uploadFileOp } from "~/api/contracts/files";
import { listResponse } from "~/api/views/list";
import { duplicateWarning, serializeFile } from "~/api/views/files";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { respondOnceToUpload } from "~/http/idempotent-upload.server";
import { createUploadedFile, listFiles, receiveUpload, releaseStoredObject } from "~/modules/files/index.server";

export const { loader, action } = apiRoute([
  bind(listFilesOp, async ({ ctx, query }) => {
    const page = await listFiles(ctx, {
      limit: query.limit,
      cursor: decodeCursor(query.cursor),
      status: query.status,
      kind: query.kind,
      inbox: query.inbox,
      nameContains: query.q,
    });
    return json(listResponse(page, serializeFile));
  }),
  bind(uploadFileOp, async ({ ctx, request }) => {
    const upload = await receiveUpload(ctx, request, UploadFormSchema);
    const form = { name: upload.name, mime: upload.mime, tags: upload.tags, inbox: upload.inbox, policy: upload.policy };
    return respondOnceToUpload(
      ctx,
      request,
      { sha256: upload.stored.sha256, form },
      async () => {
        const { file, duplicateOf } = await createUploadedFile(ctx, upload);
        return json(
          { ...serializeFile(file), warning: duplicateWarning(duplicateOf) },
          { status: 201, headers: { Location: `/api/v1/files/${file.id}` } },
        );
      },
      () => releaseStoredObject(ctx, upload.stored.key),
    );
  }),
]);
