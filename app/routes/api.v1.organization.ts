import { getOrganizationOp, updateOrganizationOp } from "~/api/contracts/organization";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getOrganization, renameOrganization } from "~/modules/tenancy/index.server";
import { serializeOrganization } from "~/api/views/tenancy";

export const { loader, action } = apiRoute([
  bind(getOrganizationOp, async ({ ctx }) => json(serializeOrganization(await getOrganization(ctx)))),
  bind(updateOrganizationOp, async ({ ctx, body }) => json(serializeOrganization(await renameOrganization(ctx, body.name)))),
]);
