import { getStreamOp, updateStreamOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getStream, getStreamVersion, updateStream } from "~/modules/streams/index.server";
import { serializeStream } from "~/api/views/streams";

export const { loader, action } = apiRoute([
  bind(getStreamOp, async ({ ctx, params, query }) =>
    json(serializeStream(query.version === undefined ? await getStream(ctx, params.id) : await getStreamVersion(ctx, params.id, query.version))),
  ),
  bind(updateStreamOp, async ({ ctx, params, body }) => json(serializeStream(await updateStream(ctx, params.id, body)))),
]);
