import { previewFileOp } from "~/api/contracts/files";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { previewFile, serializeFilePreview } from "~/modules/files/index.server";

export const { loader, action } = apiRoute([
  bind(previewFileOp, async ({ ctx, params, query }) => json(serializeFilePreview(await previewFile(ctx, params.id, query.limit)))),
]);
