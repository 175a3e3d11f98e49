import { rerunStreamRunOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { rerunRun } from "~/modules/streams/index.server";
import { serializeRun } from "~/api/views/runs";

export const { loader, action } = apiRoute([
  bind(rerunStreamRunOp, async ({ ctx, params }) => {
    const run = await rerunRun(ctx, params.id);
    return json(serializeRun(run), { status: 202, headers: { Location: `/api/v1/stream-runs/${run.id}` } });
  }),
]);
