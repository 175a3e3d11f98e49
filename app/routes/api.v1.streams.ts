import { createStreamOp, listStreamsOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createStream, listStreams } from "~/modules/streams/index.server";
import { listResponse } from "~/api/views/list";
import { serializeStream } from "~/api/views/streams";

export const { loader, action } = apiRoute([
  bind(listStreamsOp, async ({ ctx, query }) =>
    json(listResponse(await listStreams(ctx, { limit: query.limit, cursor: decodeCursor(query.cursor), status: query.status, nameContains: query.q }), serializeStream)),
  ),
  bind(createStreamOp, async ({ ctx, body }) => {
    const created = await createStream(ctx, body);
    return json(serializeStream(created), { status: 201, headers: { Location: `/api/v1/streams/${created.stream.id}` } });
  }),
]);
