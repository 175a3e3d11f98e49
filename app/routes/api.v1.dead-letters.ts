import { listDeadLettersOp } from "~/api/contracts/run-observability";
import { listResponse } from "~/api/serializers";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { listDeadLetters, serializeDeadLetter } from "~/modules/streams/index.server";
import { assertStreamsEnabled } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([
  bind(listDeadLettersOp, async ({ ctx, query }) => {
    await assertStreamsEnabled(ctx);
    const page = await listDeadLetters(ctx, { limit: query.limit, cursor: decodeCursor(query.cursor), streamId: query.streamId });
    return json(listResponse(page, serializeDeadLetter));
  }),
]);
