import { listStepRunArtifactsOp } from "~/api/contracts/run-observability";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { listStepRunArtifacts } from "~/modules/streams/index.server";
import { assertStreamsEnabled } from "~/modules/streams/index.server";
import { serializeArtifact } from "~/api/views/runs";

export const { loader, action } = apiRoute([
  bind(listStepRunArtifactsOp, async ({ ctx, params }) => {
    await assertStreamsEnabled(ctx);
    const artifacts = await listStepRunArtifacts(ctx, params.id);
    // At most one per artifact type, so always a single page.
    return json({ object: "list", data: artifacts.map(serializeArtifact), hasMore: false, nextCursor: null });
  }),
]);
