import { deleteManualMatchOp, getManualMatchOp } from "~/api/contracts/manual-matches";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getManualMatch, undoManualMatch } from "~/modules/exceptions/index.server";
import { serializeManualMatch } from "~/api/views/exceptions";

export const { loader, action } = apiRoute([
  bind(getManualMatchOp, async ({ ctx, params }) => json(serializeManualMatch(await getManualMatch(ctx, params.id)))),
  bind(deleteManualMatchOp, async ({ ctx, params }) => json(serializeManualMatch(await undoManualMatch(ctx, params.id)))),
]);
