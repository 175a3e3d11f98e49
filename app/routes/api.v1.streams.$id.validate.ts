import { validateStreamOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { validateStream } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([
  bind(validateStreamOp, async ({ ctx, params, body }) => json({ object: "stream_validation", ...(await validateStream(ctx, params.id, body)) })),
]);
