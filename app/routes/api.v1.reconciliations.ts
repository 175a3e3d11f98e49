import { createReconciliationOp, listReconciliationsOp } from "~/api/contracts/reconciliations";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createReconciliation, listReconciliations } from "~/modules/reconciliations/index.server";
import { listResponse } from "~/api/views/list";
import { serializeReconciliation } from "~/api/views/reconciliations";

export const { loader, action } = apiRoute([
  bind(listReconciliationsOp, async ({ ctx, query }) =>
    json(listResponse(await listReconciliations(ctx, { limit: query.limit, cursor: decodeCursor(query.cursor) }), serializeReconciliation)),
  ),
  bind(createReconciliationOp, async ({ ctx, body }) => {
    const created = await createReconciliation(ctx, body);
    return json(serializeReconciliation(created), { status: 201, headers: { Location: `/api/v1/reconciliations/${created.reconciliation.id}` } });
  }),
]);
