import { getAuditEventOp } from "~/api/contracts/audit";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getAuditEvent } from "~/modules/audit/index.server";
import { serializeAuditEvent } from "~/api/views/audit";

export const { loader, action } = apiRoute([
  bind(getAuditEventOp, async ({ ctx, params }) => json(serializeAuditEvent(await getAuditEvent(ctx, params.id)))),
]);
