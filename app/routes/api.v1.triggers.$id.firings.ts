import { listTriggerFiringsOp } from "~/api/contracts/stream-triggers";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { listTriggerFirings } from "~/modules/streams/index.server";
import { serializeTriggerFiring } from "~/api/views/triggers";
import { listResponse } from "~/api/views/list";

export const { loader, action } = apiRoute([
  bind(listTriggerFiringsOp, async ({ ctx, params, query }) => {
    const page = await listTriggerFirings(ctx, params.id, { limit: query.limit, cursor: decodeCursor(query.cursor), outcome: query.outcome });
    return json(listResponse(page, serializeTriggerFiring));
  }),
]);
