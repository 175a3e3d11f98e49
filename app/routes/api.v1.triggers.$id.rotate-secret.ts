import { rotateStreamTriggerSecretOp } from "~/api/contracts/stream-triggers";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { rotateWebhookSecret } from "~/modules/streams/index.server";
import { serializeTrigger } from "~/api/views/triggers";

export const { loader, action } = apiRoute([
  bind(rotateStreamTriggerSecretOp, async ({ ctx, params }) => json(serializeTrigger(await rotateWebhookSecret(ctx, params.id)))),
]);
