import { getStreamRunOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getRun } from "~/modules/streams/index.server";
import { serializeRun } from "~/api/views/runs";

export const { loader, action } = apiRoute([bind(getStreamRunOp, async ({ ctx, params }) => json(serializeRun(await getRun(ctx, params.id))))]);
