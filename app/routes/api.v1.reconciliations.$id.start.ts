import { startReconciliationOp } from "~/api/contracts/reconciliations";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { serializeReconciliation, startReconciliation } from "~/modules/reconciliations/index.server";

export const { loader, action } = apiRoute([
  bind(startReconciliationOp, async ({ ctx, params }) => json(serializeReconciliation(await startReconciliation(ctx, params.id)), { status: 202 })),
]);
