import { getReconciliationOp } from "~/api/contracts/reconciliations";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getReconciliation } from "~/modules/reconciliations/index.server";
import { serializeReconciliation } from "~/api/views/reconciliations";

export const { loader, action } = apiRoute([bind(getReconciliationOp, async ({ ctx, params }) => json(serializeReconciliation(await getReconciliation(ctx, params.id))))]);
