import { createApiKeyOp, listApiKeysOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createApiKey, listApiKeys } from "~/modules/tenancy/index.server";
import { listResponse } from "~/api/views/list";
import { serializeApiKey } from "~/api/views/tenancy";

export const { loader, action } = apiRoute([
  bind(listApiKeysOp, async ({ ctx, query }) => {
    const page = await listApiKeys(ctx, {
      limit: query.limit,
      cursor: decodeCursor(query.cursor),
      includeRevoked: query.includeRevoked === "true",
    });
    return json(listResponse(page, serializeApiKey));
  }),
  bind(createApiKeyOp, async ({ ctx, body }) => {
    const { apiKey, secret } = await createApiKey(ctx, body);
    return json(
      { ...serializeApiKey(apiKey), secret },
      { status: 201, headers: { Location: `/api/v1/api-keys/${apiKey.id}` } },
    );
  }),
]);
