import { getStreamRunOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getRun, serializeRun } from "~/services/stream-runs.server";

export const { loader, action } = apiRoute([bind(getStreamRunOp, async ({ ctx, params }) => json(serializeRun(await getRun(ctx, params.id))))]);
