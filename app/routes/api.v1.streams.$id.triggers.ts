import { createStreamTriggerOp, listStreamTriggersOp } from "~/api/contracts/stream-triggers";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createTrigger, listTriggers } from "~/modules/streams/index.server";
import { serializeTrigger } from "~/api/views/triggers";
import { listResponse } from "~/api/views/list";

export const { loader, action } = apiRoute([
  bind(listStreamTriggersOp, async ({ ctx, params, query }) => {
    const page = await listTriggers(ctx, params.id, { limit: query.limit, cursor: decodeCursor(query.cursor) });
    return json(listResponse(page, (trigger) => serializeTrigger({ trigger })));
  }),
  bind(createStreamTriggerOp, async ({ ctx, params, body }) => {
    const created = await createTrigger(ctx, params.id, body);
    return json(serializeTrigger(created), { status: 201, headers: { Location: `/api/v1/triggers/${created.trigger.id}` } });
  }),
]);
