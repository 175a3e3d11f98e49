import { templateSchemaOp } from "~/api/contracts/templates";
import { apiRoute, bind, json } from "~/http/api-handler.server";
import { packJsonSchema } from "~/modules/templates";

export const { loader, action } = apiRoute([bind(templateSchemaOp, async () => json(packJsonSchema(), { headers: { "Cache-Control": "public, max-age=300" } }))]);
