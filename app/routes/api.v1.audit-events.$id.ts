import { getAuditEventOp } from "~/api/contracts/audit";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getAuditEvent, serializeAuditEvent } from "~/modules/audit/index.server";

export const { loader, action } = apiRoute([
  bind(getAuditEventOp, async ({ ctx, params }) => json(serializeAuditEvent(await getAuditEvent(ctx, params.id)))),
]);
