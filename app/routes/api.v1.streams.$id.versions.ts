import { listStreamVersionsOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { listStreamVersions, serializeStreamVersion } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([
  bind(listStreamVersionsOp, async ({ ctx, params }) => {
    const versions = await listStreamVersions(ctx, params.id);
    return json({ object: "list", data: versions.map(serializeStreamVersion), hasMore: false, nextCursor: null });
  }),
]);
