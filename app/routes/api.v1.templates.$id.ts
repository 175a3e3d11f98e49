import { getTemplateOp } from "~/api/contracts/templates";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { getTemplate } from "~/modules/templates/index.server";
import { serializeTemplateDetail } from "~/api/views/templates";

export const { loader, action } = apiRoute([bind(getTemplateOp, async ({ ctx, params }) => json(serializeTemplateDetail(await getTemplate(ctx, params.id))))]);
