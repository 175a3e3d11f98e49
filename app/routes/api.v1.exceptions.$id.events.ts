import { listExceptionEventsOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { listExceptionEvents } from "~/modules/exceptions/index.server";
import { serializeExceptionEvent } from "~/api/views/exceptions";
import { listResponse } from "~/api/views/list";

export const { loader, action } = apiRoute([
  bind(listExceptionEventsOp, async ({ ctx, params, query }) =>
    json(listResponse(await listExceptionEvents(ctx, params.id, { limit: query.limit, cursor: decodeCursor(query.cursor) }), serializeExceptionEvent)),
  ),
]);
