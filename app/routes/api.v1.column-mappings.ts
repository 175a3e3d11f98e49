import { createColumnMappingOp, listColumnMappingsOp } from "~/api/contracts/column-mappings";
import { serializeColumnMapping } from "~/api/views/column-mappings";
import { listResponse } from "~/api/views/list";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createColumnMapping, listColumnMappings } from "~/modules/column-mappings/index.server";

export const { loader, action } = apiRoute([
  bind(listColumnMappingsOp, async ({ ctx, query }) => {
    const page = await listColumnMappings(ctx, { limit: query.limit, cursor: decodeCursor(query.cursor), schema: query.schema });
    return json(listResponse(page, serializeColumnMapping));
  }),
  bind(createColumnMappingOp, async ({ ctx, body }) => {
    const mapping = await createColumnMapping(ctx, body);
    return json(serializeColumnMapping(mapping), { status: 201, headers: { Location: `/api/v1/column-mappings/${mapping.id}` } });
  }),
]);
