import { deleteColumnMappingOp, getColumnMappingOp, updateColumnMappingOp } from "~/api/contracts/column-mappings";
import { serializeColumnMapping } from "~/api/views/column-mappings";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { deleteColumnMapping, getColumnMapping, updateColumnMapping } from "~/modules/column-mappings/index.server";

export const { loader, action } = apiRoute([
  bind(getColumnMappingOp, async ({ ctx, params }) => json(serializeColumnMapping(await getColumnMapping(ctx, params.id)))),
  bind(updateColumnMappingOp, async ({ ctx, params, body }) => json(serializeColumnMapping(await updateColumnMapping(ctx, params.id, body)))),
  bind(deleteColumnMappingOp, async ({ ctx, params }) => json(serializeColumnMapping(await deleteColumnMapping(ctx, params.id)))),
]);
