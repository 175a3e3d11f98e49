import { listMembersOp } from "~/api/contracts/organization";
import { listResponse } from "~/api/serializers";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { listMembers, serializeMember } from "~/modules/tenancy/index.server";

export const { loader, action } = apiRoute([
  bind(listMembersOp, async ({ ctx, query }) =>
    json(listResponse(await listMembers(ctx, { limit: query.limit, cursor: decodeCursor(query.cursor) }), serializeMember)),
  ),
]);
