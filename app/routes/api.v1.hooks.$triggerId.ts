import { receiveWebhookOp } from "~/api/contracts/stream-triggers";
import { getEnv } from "~/platform/env.server";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { readRawBody } from "~/http/raw-body.server";
import { receiveWebhook } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([
  bind(receiveWebhookOp, async ({ params, request }) => {
    // The signature covers the exact bytes, so they are read here rather than parsed by the handler.
    const rawBody = await readRawBody(request, getEnv().MAX_JSON_BODY_BYTES);
    const receipt = await receiveWebhook({ triggerId: params.triggerId, headers: request.headers, rawBody, now: new Date() });
    return json(receipt.body, { status: receipt.status });
  }),
]);
