import { getMemberOp, removeMemberOp, updateMemberOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { changeMemberRole, getMember, removeMember } from "~/modules/tenancy/index.server";
import { serializeMember } from "~/api/views/tenancy";

export const { loader, action } = apiRoute([
  bind(getMemberOp, async ({ ctx, params }) => json(serializeMember(await getMember(ctx, params.id)))),
  bind(updateMemberOp, async ({ ctx, params, body }) => json(serializeMember(await changeMemberRole(ctx, params.id, body.role)))),
  bind(removeMemberOp, async ({ ctx, params }) => json(serializeMember(await removeMember(ctx, params.id)))),
]);
