import { createExceptionCommentOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { serializeExceptionEvent } from "~/modules/exceptions/serialize";
import { commentOnException } from "~/modules/exceptions/triage.server";

export const { loader, action } = apiRoute([
  bind(createExceptionCommentOp, async ({ ctx, params, body }) => json(serializeExceptionEvent(await commentOnException(ctx, params.id, body.body)), { status: 201 })),
]);
