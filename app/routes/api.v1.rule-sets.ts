import { createRuleSetOp, listRuleSetsOp } from "~/api/contracts/rule-sets";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createRuleSet, listRuleSets } from "~/modules/rule-sets/index.server";
import { listResponse } from "~/api/views/list";
import { serializeRuleSet } from "~/api/views/rule-sets";

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
