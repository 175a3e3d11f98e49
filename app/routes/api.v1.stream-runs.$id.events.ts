import { streamRunEventsOp } from "~/api/contracts/run-observability";
import { runEventPresenter } from "~/api/views/runs";
import { apiRoute, bind } from "~/http/api-handler.server";
import { openRunEventStream, readTimeline } from "~/modules/streams/index.server";
import { assertStreamsEnabled } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([
  bind(streamRunEventsOp, async ({ ctx, params, request }) => {
    await assertStreamsEnabled(ctx);
    const headers = {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      // nginx and similar proxies buffer responses unless told not to; events must arrive as they happen.
      "X-Accel-Buffering": "no",
    };
    if (request.method === "HEAD") {
      await readTimeline(ctx, params.id);
      return new Response(null, { status: 200, headers });
    }
    const events = await openRunEventStream(ctx, params.id, { signal: request.signal, present: runEventPresenter });
    return new Response(events, { status: 200, headers });
  }),
]);
