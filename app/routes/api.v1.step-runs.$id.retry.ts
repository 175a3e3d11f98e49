import { retryStepRunOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { retryStepRun } from "~/modules/streams/index.server";
import { serializeStepRun } from "~/api/views/runs";

export const { loader, action } = apiRoute([bind(retryStepRunOp, async ({ ctx, params }) => json(serializeStepRun(await retryStepRun(ctx, params.id)), { status: 202 }))]);
