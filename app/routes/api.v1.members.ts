import { listMembersOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { listMembers } from "~/modules/tenancy/index.server";
import { listResponse } from "~/api/views/list";
import { serializeMember } from "~/api/views/tenancy";

export const { loader, action } = apiRoute([
  bind(listMembersOp, async ({ ctx, query }) =>
    json(listResponse(await listMembers(ctx, { limit: query.limit, cursor: decodeCursor(query.cursor) }), serializeMember)),
  ),
]);
