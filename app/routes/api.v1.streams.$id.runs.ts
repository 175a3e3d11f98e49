import { listStreamRunsOp, startStreamRunOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { listRunsOfStream, manualTrigger, startStreamRun } from "~/modules/streams/index.server";
import { listResponse } from "~/api/views/list";
import { serializeRun } from "~/api/views/runs";

export const { loader, action } = apiRoute([
  bind(listStreamRunsOp, async ({ ctx, params, query }) =>
    json(listResponse(await listRunsOfStream(ctx, params.id, { limit: query.limit, cursor: decodeCursor(query.cursor), state: query.state }), serializeRun)),
  ),
  bind(startStreamRunOp, async ({ ctx, params, body }) => {
    const run = await startStreamRun(ctx, params.id, { parameters: body.parameters ?? {}, trigger: manualTrigger(ctx) });
    return json(serializeRun(run), { status: 202, headers: { Location: `/api/v1/stream-runs/${run.id}` } });
  }),
]);
