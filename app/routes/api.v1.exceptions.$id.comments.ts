import { createExceptionCommentOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { serializeExceptionEvent } from "~/modules/exceptions";
import { commentOnException } from "~/modules/exceptions/index.server";

export const { loader, action } = apiRoute([
  bind(createExceptionCommentOp, async ({ ctx, params, body }) => json(serializeExceptionEvent(await commentOnException(ctx, params.id, body.body)), { status: 201 })),
]);
