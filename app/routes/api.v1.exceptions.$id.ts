import { getExceptionOp, updateExceptionOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getExceptionDetail } from "~/services/exceptions/detail.server";
import { serializeException } from "~/services/exceptions/serialize";
import { getSlaPolicy } from "~/services/exceptions/sla.server";
import { updateException } from "~/services/exceptions/triage.server";

export const { loader, action } = apiRoute([
  bind(getExceptionOp, async ({ ctx, params }) => json(await getExceptionDetail(ctx, params.id))),
  bind(updateExceptionOp, async ({ ctx, params, body }) => {
    const updated = await updateException(ctx, params.id, body);
    return json(serializeException(updated, await getSlaPolicy(ctx)));
  }),
]);
