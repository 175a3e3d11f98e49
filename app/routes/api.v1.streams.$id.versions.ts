import { listStreamVersionsOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { listStreamVersions } from "~/modules/streams/index.server";
import { serializeStreamVersion } from "~/api/views/streams";

export const { loader, action } = apiRoute([
  bind(listStreamVersionsOp, async ({ ctx, params }) => {
    const versions = await listStreamVersions(ctx, params.id);
    return json({ object: "list", data: versions.map(serializeStreamVersion), hasMore: false, nextCursor: null });
  }),
]);
