import { listStreamRunStepsOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { listStepRuns } from "~/modules/streams/index.server";
import { serializeStepRun } from "~/api/views/runs";

export const { loader, action } = apiRoute([
  bind(listStreamRunStepsOp, async ({ ctx, params }) =>
    json({ object: "list", data: (await listStepRuns(ctx, params.id)).map(serializeStepRun), hasMore: false, nextCursor: null }),
  ),
]);
