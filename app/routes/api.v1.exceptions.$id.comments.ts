import { createExceptionCommentOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { commentOnException } from "~/modules/exceptions/index.server";
import { serializeExceptionEvent } from "~/api/views/exceptions";

export const { loader, action } = apiRoute([
  bind(createExceptionCommentOp, async ({ ctx, params, body }) => json(serializeExceptionEvent(await commentOnException(ctx, params.id, body.body)), { status: 201 })),
]);
