import { getInvitationOp, revokeInvitationOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getInvitation, revokeInvitation } from "~/modules/tenancy/index.server";
import { serializeInvitation } from "~/api/views/tenancy";

export const { loader, action } = apiRoute([
  bind(getInvitationOp, async ({ ctx, params }) => json(serializeInvitation(await getInvitation(ctx, params.id)))),
  bind(revokeInvitationOp, async ({ ctx, params }) => json(serializeInvitation(await revokeInvitation(ctx, params.id)))),
]);
