import { getExceptionOp, updateExceptionOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getExceptionDetail } from "~/modules/exceptions/index.server";
import { getSlaPolicy } from "~/modules/exceptions/index.server";
import { updateException } from "~/modules/exceptions/index.server";
import { serializeException, serializeExceptionDetail } from "~/api/views/exceptions";

export const { loader, action } = apiRoute([
  bind(getExceptionOp, async ({ ctx, params }) => json(serializeExceptionDetail(await getExceptionDetail(ctx, params.id)))),
  bind(updateExceptionOp, async ({ ctx, params, body }) => {
    const updated = await updateException(ctx, params.id, body);
    return json(serializeException(updated, await getSlaPolicy(ctx)));
  }),
]);
