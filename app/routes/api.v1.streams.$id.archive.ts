import { archiveStreamOp } from "~/api/contracts/streams";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { archiveStream, serializeStream } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([bind(archiveStreamOp, async ({ ctx, params }) => json(serializeStream(await archiveStream(ctx, params.id))))]);
