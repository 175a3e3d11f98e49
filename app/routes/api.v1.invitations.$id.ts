import { getInvitationOp, revokeInvitationOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getInvitation, revokeInvitation, serializeInvitation } from "~/modules/tenancy/index.server";

export const { loader, action } = apiRoute([
  bind(getInvitationOp, async ({ ctx, params }) => json(serializeInvitation(await getInvitation(ctx, params.id)))),
  bind(revokeInvitationOp, async ({ ctx, params }) => json(serializeInvitation(await revokeInvitation(ctx, params.id)))),
]);
