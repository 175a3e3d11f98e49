import { getArtifactOp } from "~/api/contracts/run-observability";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getArtifact, serializeArtifact } from "~/modules/streams/index.server";
import { assertStreamsEnabled } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([
  bind(getArtifactOp, async ({ ctx, params }) => {
    await assertStreamsEnabled(ctx);
    return json(serializeArtifact(await getArtifact(ctx, params.id)));
  }),
]);
