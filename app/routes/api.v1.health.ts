import { getHealth } from "~/api/contracts/platform";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { checkHealth } from "~/modules/operations/index.server";

export const { loader, action } = apiRoute([
  bind(getHealth, async () => {
    const health = await checkHealth();
    return json(health, { status: health.db === "ok" ? 200 : 503 });
  }),
]);
