import { createManualMatchOp } from "~/api/contracts/manual-matches";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { createManualMatch } from "~/modules/exceptions/index.server";
import { serializeManualMatch } from "~/api/views/exceptions";

export const { loader, action } = apiRoute([
  bind(createManualMatchOp, async ({ ctx, body }) => {
    const match = await createManualMatch(ctx, body);
    return json(serializeManualMatch(match), { status: 201, headers: { Location: `/api/v1/manual-matches/${match.id}` } });
  }),
]);
