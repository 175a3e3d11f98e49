import { getApiKeyOp, revokeApiKeyOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getApiKey, revokeApiKey } from "~/modules/tenancy/index.server";
import { serializeApiKey } from "~/api/views/tenancy";

export const { loader, action } = apiRoute([
  bind(getApiKeyOp, async ({ ctx, params }) => json(serializeApiKey(await getApiKey(ctx, params.id)))),
  bind(revokeApiKeyOp, async ({ ctx, params }) => json(serializeApiKey(await revokeApiKey(ctx, params.id)))),
]);
