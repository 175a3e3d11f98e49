import { previewFileOp } from "~/api/contracts/files";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { serializeFilePreview } from "~/api/views/files";
import { previewFile } from "~/modules/files/index.server";

export const { loader, action } = apiRoute([
  bind(previewFileOp, async ({ ctx, params, query }) => json(serializeFilePreview(await previewFile(ctx, params.id, query.limit)))),
]);
