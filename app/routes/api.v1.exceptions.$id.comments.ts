import { createExceptionCommentOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { serializeExceptionEvent } from "~/services/exceptions/serialize";
import { commentOnException } from "~/services/exceptions/triage.server";

export const { loader, action } = apiRoute([
  bind(createExceptionCommentOp, async ({ ctx, params, body }) => json(serializeExceptionEvent(await commentOnException(ctx, params.id, body.body)), { status: 201 })),
]);
