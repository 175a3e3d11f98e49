import { getExceptionSlaOp, updateExceptionSlaOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getSlaPolicy, updateSlaPolicy } from "~/modules/exceptions/index.server";

export const { loader, action } = apiRoute([
  bind(getExceptionSlaOp, async ({ ctx }) => json(await getSlaPolicy(ctx))),
  bind(updateExceptionSlaOp, async ({ ctx, body }) => json(await updateSlaPolicy(ctx, body))),
]);
