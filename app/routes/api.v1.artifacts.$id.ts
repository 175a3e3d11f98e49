import { getArtifactOp } from "~/api/contracts/run-observability";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getArtifact } from "~/modules/streams/index.server";
import { assertStreamsEnabled } from "~/modules/streams/index.server";
import { serializeArtifact } from "~/api/views/runs";

export const { loader, action } = apiRoute([
  bind(getArtifactOp, async ({ ctx, params }) => {
    await assertStreamsEnabled(ctx);
    return json(serializeArtifact(await getArtifact(ctx, params.id)));
  }),
]);
