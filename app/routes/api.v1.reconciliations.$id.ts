import { getReconciliationOp } from "~/api/contracts/reconciliations";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getReconciliation, serializeReconciliation } from "~/modules/reconciliations/index.server";

export const { loader, action } = apiRoute([bind(getReconciliationOp, async ({ ctx, params }) => json(serializeReconciliation(await getReconciliation(ctx, params.id))))]);
