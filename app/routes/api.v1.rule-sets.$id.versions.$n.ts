import { getRuleSetVersionOp } from "~/api/contracts/rule-sets";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getRuleSetVersion } from "~/modules/rule-sets/index.server";
import { serializeRuleSetVersion } from "~/api/views/rule-sets";

export const { loader, action } = apiRoute([
  bind(getRuleSetVersionOp, async ({ ctx, params }) =>
    json(serializeRuleSetVersion(await getRuleSetVersion(ctx, params.id, params.n))),
  ),
]);
