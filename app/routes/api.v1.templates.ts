import { listTemplatesOp, uploadTemplateOp } from "~/api/contracts/templates";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { listTemplates, uploadTemplate } from "~/modules/templates/index.server";
import { readPackUpload } from "~/modules/templates/index.server";
import { serializeRejectedPack, serializeTemplateSummary } from "~/api/views/templates";

export const { loader, action } = apiRoute([
  bind(listTemplatesOp, async ({ ctx }) => {
    const { templates, rejected } = await listTemplates(ctx);
    return json({ object: "list", data: templates.map(serializeTemplateSummary), hasMore: false, nextCursor: null, invalid: rejected.map(serializeRejectedPack) });
  }),
  bind(uploadTemplateOp, async ({ ctx, request }) => {
    const archive = await readPackUpload(request);
    const { summary, created } = await uploadTemplate(ctx, archive);
    return json(serializeTemplateSummary(summary), { status: created ? 201 : 200, headers: { Location: `/api/v1/templates/${summary.id}` } });
  }),
]);
