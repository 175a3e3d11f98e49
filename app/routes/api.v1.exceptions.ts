import { listExceptionsOp } from "~/api/contracts/exceptions";
import { encodeCursor, decodeCursor } from "~/http/cursor";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { listExceptions } from "~/modules/exceptions/index.server";
import { filterFromQuery } from "~/modules/exceptions";
import { serializeException } from "~/api/views/exceptions";

export const { loader, action } = apiRoute([
  bind(listExceptionsOp, async ({ ctx, query }) => {
    const { limit, cursor, sort, ...filter } = query;
    const page = await listExceptions(ctx, filterFromQuery(filter), { limit, cursor: decodeCursor(cursor), sort });
    const now = new Date();
    return json({
      object: "list",
      data: page.data.map((row) => serializeException(row, page.sla, now)),
      hasMore: page.nextCursor !== null,
      nextCursor: encodeCursor(page.nextCursor),
    });
  }),
]);
