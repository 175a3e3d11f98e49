import { createRuleSetOp, listRuleSetsOp } from "~/api/contracts/rule-sets";
import { listResponse } from "~/api/serializers";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createRuleSet, listRuleSets, serializeRuleSet } from "~/modules/rule-sets/index.server";

export const { loader, action } = apiRoute([
  bind(listRuleSetsOp, async ({ ctx, query }) => {
    const page = await listRuleSets(ctx, {
      limit: query.limit,
      cursor: decodeCursor(query.cursor),
      status: query.status,
      nameContains: query.q,
    });
    return json(listResponse(page, serializeRuleSet));
  }),
  bind(createRuleSetOp, async ({ ctx, body }) => {
    const created = await createRuleSet(ctx, body);
    return json(serializeRuleSet(created), {
      status: 201,
      headers: { Location: `/api/v1/rule-sets/${created.ruleSet.id}` },
    });
  }),
]);
