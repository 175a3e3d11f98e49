import { getOpenApiDocument as getOpenApiDocumentOp } from "~/api/contracts/platform";
import { getOpenApiDocument } from "~/api/openapi.server";
import { apiRoute, bind } from "~/http/api-handler.server";

export const { loader, action } = apiRoute([
  bind(getOpenApiDocumentOp, async () =>
    new Response(JSON.stringify(getOpenApiDocument()), {
      headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=60" },
    }),
  ),
]);
