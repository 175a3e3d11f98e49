import { retryStepRunOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { retryStepRun, serializeStepRun } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([bind(retryStepRunOp, async ({ ctx, params }) => json(serializeStepRun(await retryStepRun(ctx, params.id)), { status: 202 }))]);
