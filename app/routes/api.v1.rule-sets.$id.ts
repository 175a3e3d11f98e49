import { getRuleSetOp, updateRuleSetOp } from "~/api/contracts/rule-sets";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getRuleSet, updateRuleSet } from "~/modules/rule-sets/index.server";
import { serializeRuleSet } from "~/api/views/rule-sets";

export const { loader, action } = apiRoute([
  bind(getRuleSetOp, async ({ ctx, params }) => json(serializeRuleSet(await getRuleSet(ctx, params.id)))),
  bind(updateRuleSetOp, async ({ ctx, params, body }) => json(serializeRuleSet(await updateRuleSet(ctx, params.id, body)))),
]);
