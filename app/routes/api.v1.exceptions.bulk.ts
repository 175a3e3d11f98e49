import { bulkUpdateExceptionsOp } from "~/api/contracts/exceptions";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { bulkUpdateExceptions, type BulkAction } from "~/modules/exceptions/index.server";

export const { loader, action } = apiRoute([
  bind(bulkUpdateExceptionsOp, async ({ ctx, body }) => {
    const bulkAction: BulkAction =
      body.action === "assign"
        ? { action: "assign", assigneeId: body.assigneeId ?? null }
        : body.action === "setStatus"
          ? { action: "setStatus", status: body.status!, resolutionCode: body.resolutionCode, resolutionNote: body.resolutionNote }
          : { action: "comment", body: body.comment! };
    const selection = body.ids ? { ids: body.ids } : { filter: body.filter! };
    return json(await bulkUpdateExceptions(ctx, selection, bulkAction));
  }),
]);
