import { createReadableStreamFromReadable } from "@remix-run/node";
import { downloadFileOp } from "~/api/contracts/files";
import { apiRoute, bind } from "~/http/api-handler.server";
import { contentDispositionFor, contentTypeFor, openVerifiedDownload } from "~/modules/files/index.server";

export const { loader, action } = apiRoute([
  bind(downloadFileOp, async ({ ctx, params, request }) => {
    const { file, body } = await openVerifiedDownload(ctx, params.id);
    const sha256Base64 = Buffer.from(file.sha256, "hex").toString("base64");
    const headers = {
      "Content-Type": contentTypeFor(file),
      "Content-Length": String(file.size),
      "Content-Disposition": contentDispositionFor(file.name),
      ETag: `"${file.sha256}"`,
      // RFC 3230 Digest, which most clients check, and its successor RFC 9530 Repr-Digest.
      Digest: `sha-256=${sha256Base64}`,
      "Repr-Digest": `sha-256=:${sha256Base64}:`,
      "Cache-Control": "private, no-store",
    };
    if (request.method === "HEAD") {
      body.destroy();
      return new Response(null, { status: 200, headers });
    }
    return new Response(createReadableStreamFromReadable(body), { status: 200, headers });
  }),
]);
