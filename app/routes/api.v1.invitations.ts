import { createInvitationOp, listInvitationsOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { decodeCursor } from "~/http/cursor";
import { createInvitation, listPendingInvitations } from "~/modules/tenancy/index.server";
import { listResponse } from "~/api/views/list";
import { serializeInvitation } from "~/api/views/tenancy";

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
