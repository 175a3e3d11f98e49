import { archiveRuleSetOp } from "~/api/contracts/rule-sets";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { archiveRuleSet } from "~/modules/rule-sets/index.server";
import { serializeRuleSet } from "~/api/views/rule-sets";

export const { loader, action } = apiRoute([
  bind(archiveRuleSetOp, async ({ ctx, params }) => json(serializeRuleSet(await archiveRuleSet(ctx, params.id)))),
]);
