import { listAuditEventsOp } from "~/api/contracts/audit";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor, encodeCursor } from "~/http/cursor";
import { BadRequest } from "~/core/errors/domain-errors";
import { listAuditEvents } from "~/modules/audit/index.server";
import { serializeAuditEvent } from "~/api/views/audit";

export const { loader, action } = apiRoute([
  bind(listAuditEventsOp, async ({ ctx, query }) => {
    const position = decodeCursor(query.cursor);
    const cursor = position === undefined ? undefined : Number(position);
    if (cursor !== undefined && !Number.isInteger(cursor)) {
      throw new BadRequest("cursor is not valid", { errors: [{ parameter: "cursor", message: "not a cursor issued by this API" }] });
    }
    const page = await listAuditEvents(ctx, { limit: query.limit, cursor, resourceType: query.resourceType, resourceId: query.resourceId });
    return json({
      object: "list",
      data: page.events.map(serializeAuditEvent),
      hasMore: page.nextCursor !== null,
      nextCursor: encodeCursor(page.nextCursor),
    });
  }),
]);
