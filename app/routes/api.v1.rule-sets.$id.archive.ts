import { archiveRuleSetOp } from "~/api/contracts/rule-sets";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { archiveRuleSet, serializeRuleSet } from "~/modules/rule-sets/index.server";

export const { loader, action } = apiRoute([
  bind(archiveRuleSetOp, async ({ ctx, params }) => json(serializeRuleSet(await archiveRuleSet(ctx, params.id)))),
]);
