import { getStreamRunLineageOp } from "~/api/contracts/run-observability";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getRunLineage } from "~/modules/streams/index.server";
import { assertStreamsEnabled } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([
  bind(getStreamRunLineageOp, async ({ ctx, params }) => {
    await assertStreamsEnabled(ctx);
    const graph = await getRunLineage(ctx, params.id);
    return json({ object: "lineage_graph", ...graph });
  }),
]);
