import { getMe } from "~/api/contracts/platform";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getOrganization } from "~/modules/tenancy/index.server";
import { findUserById, publicUser } from "~/modules/tenancy/index.server";
import { serializeOrganization } from "~/api/views/tenancy";

export const { loader, action } = apiRoute([
  bind(getMe, async ({ ctx }) => {
    const organization = await getOrganization(ctx);
    const user = ctx.actor.type === "user" ? await findUserById(ctx.actor.id) : undefined;
    return json({
      object: "me",
      actor: { type: ctx.actor.type, id: ctx.actor.id, label: ctx.actor.label },
      user: user ? publicUser(user) : null,
      organization: serializeOrganization(organization),
      role: ctx.actor.role,
    });
  }),
]);
