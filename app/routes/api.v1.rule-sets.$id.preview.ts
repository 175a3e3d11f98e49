import { previewRuleSetOp } from "~/api/contracts/rule-set-preview";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { previewRuleSet } from "~/modules/rule-sets/index.server";

export const { loader, action } = apiRoute([
  bind(previewRuleSetOp, async ({ ctx, params, body }) => json(await previewRuleSet(ctx, params.id, body))),
]);
