import { setFeatureFlagOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { listFeatureFlags, setFeatureFlag } from "~/modules/tenancy/index.server";

export const { loader, action } = apiRoute([
  bind(setFeatureFlagOp, async ({ ctx, params, body }) => {
    await setFeatureFlag(ctx, params.flag, body.enabled);
    const flag = (await listFeatureFlags(ctx)).find((entry) => entry.flag === params.flag)!;
    return json({ object: "feature_flag", ...flag });
  }),
]);
