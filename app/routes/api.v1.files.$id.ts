import { deleteFileOp, getFileOp, updateFileOp } from "~/api/contracts/files";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { serializeFile } from "~/api/views/files";
import { deleteFile, getFile, updateFile } from "~/modules/files/index.server";

export const { loader, action } = apiRoute([
  bind(getFileOp, async ({ ctx, params }) => json(serializeFile(await getFile(ctx, params.id)))),
  bind(updateFileOp, async ({ ctx, params, body }) => json(serializeFile(await updateFile(ctx, params.id, body)))),
  bind(deleteFileOp, async ({ ctx, params }) => json(serializeFile(await deleteFile(ctx, params.id)))),
]);
