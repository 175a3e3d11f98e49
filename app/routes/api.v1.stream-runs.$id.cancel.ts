import { cancelStreamRunOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { cancelRun } from "~/modules/streams/index.server";
import { serializeRun } from "~/api/views/runs";

export const { loader, action } = apiRoute([
  bind(cancelStreamRunOp, async ({ ctx, params }) => json(serializeRun(await cancelRun(ctx, params.id)), { status: 202, headers: { Location: `/api/v1/stream-runs/${params.id}` } })),
]);
