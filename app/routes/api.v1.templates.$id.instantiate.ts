import { instantiateTemplateOp } from "~/api/contracts/templates";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { instantiateTemplate } from "~/modules/templates/index.server";

export const { loader, action } = apiRoute([
  bind(instantiateTemplateOp, async ({ ctx, params, body }) => {
    const created = await instantiateTemplate(ctx, params.id, body);
    return json({ object: "template_instantiation", ...created }, { status: 201 });
  }),
]);
