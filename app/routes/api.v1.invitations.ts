import { createInvitationOp, listInvitationsOp } from "~/api/contracts/organization";
import { listResponse } from "~/api/serializers";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createInvitation, listPendingInvitations, serializeInvitation } from "~/modules/tenancy/index.server";

export const { loader, action } = apiRoute([
  bind(listInvitationsOp, async ({ ctx, query }) =>
    json(listResponse(await listPendingInvitations(ctx, { limit: query.limit, cursor: decodeCursor(query.cursor) }), serializeInvitation)),
  ),
  bind(createInvitationOp, async ({ ctx, body, request }) => {
    const { invitation, token } = await createInvitation(ctx, body);
    const acceptUrl = new URL(`/invite/${token}`, request.url).toString();
    return json(
      { ...serializeInvitation(invitation), acceptUrl },
      { status: 201, headers: { Location: `/api/v1/invitations/${invitation.id}` } },
    );
  }),
]);
