import { suggestMappingsOp } from "~/api/contracts/rule-set-preview";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { suggestMappings } from "~/modules/rule-sets/index.server";

export const { loader, action } = apiRoute([
  bind(suggestMappingsOp, async ({ ctx, body }) => json(await suggestMappings(ctx, body))),
]);
