import { deleteStreamTriggerOp, getStreamTriggerOp, updateStreamTriggerOp } from "~/api/contracts/stream-triggers";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { deleteTrigger, getTrigger, updateTrigger } from "~/modules/streams/index.server";
import { serializeTrigger } from "~/api/views/triggers";

export const { loader, action } = apiRoute([
  bind(getStreamTriggerOp, async ({ ctx, params }) => json(serializeTrigger({ trigger: await getTrigger(ctx, params.id) }))),
  bind(updateStreamTriggerOp, async ({ ctx, params, body }) => json(serializeTrigger(await updateTrigger(ctx, params.id, body)))),
  bind(deleteStreamTriggerOp, async ({ ctx, params }) => {
    const { trigger, deleted } = await deleteTrigger(ctx, params.id);
    return json({ ...serializeTrigger({ trigger }), deleted });
  }),
]);
