import { startReconciliationOp } from "~/api/contracts/reconciliations";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { startReconciliation } from "~/modules/reconciliations/index.server";
import { serializeReconciliation } from "~/api/views/reconciliations";

export const { loader, action } = apiRoute([
  bind(startReconciliationOp, async ({ ctx, params }) => json(serializeReconciliation(await startReconciliation(ctx, params.id)), { status: 202 })),
]);
