import { listDeadLettersOp } from "~/api/contracts/run-observability";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { listDeadLetters } from "~/modules/streams/index.server";
import { assertStreamsEnabled } from "~/modules/streams/index.server";
import { listResponse } from "~/api/views/list";
import { serializeDeadLetter } from "~/api/views/runs";

export const { loader, action } = apiRoute([
  bind(listDeadLettersOp, async ({ ctx, query }) => {
    await assertStreamsEnabled(ctx);
    const page = await listDeadLetters(ctx, { limit: query.limit, cursor: decodeCursor(query.cursor), streamId: query.streamId });
    return json(listResponse(page, serializeDeadLetter));
  }),
]);
