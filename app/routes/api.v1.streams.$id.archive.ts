import { archiveStreamOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { archiveStream } from "~/modules/streams/index.server";
import { serializeStream } from "~/api/views/streams";

export const { loader, action } = apiRoute([bind(archiveStreamOp, async ({ ctx, params }) => json(serializeStream(await archiveStream(ctx, params.id))))]);
