import { listFeatureFlagsOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { listFeatureFlags } from "~/modules/tenancy/index.server";

export const { loader, action } = apiRoute([
  bind(listFeatureFlagsOp, async ({ ctx }) => {
    const flags = await listFeatureFlags(ctx);
    return json({ object: "list", data: flags.map((flag) => ({ object: "feature_flag", ...flag })), hasMore: false, nextCursor: null });
  }),
]);
