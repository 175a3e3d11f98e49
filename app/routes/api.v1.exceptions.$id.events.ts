import { listExceptionEventsOp } from "~/api/contracts/exceptions";
import { listResponse } from "~/api/serializers";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { listExceptionEvents } from "~/modules/exceptions/index.server";
import { serializeExceptionEvent } from "~/modules/exceptions";

export const { loader, action } = apiRoute([
  bind(listExceptionEventsOp, async ({ ctx, params, query }) =>
    json(listResponse(await listExceptionEvents(ctx, params.id, { limit: query.limit, cursor: decodeCursor(query.cursor) }), serializeExceptionEvent)),
  ),
]);
