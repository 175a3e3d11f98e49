import { createReadableStreamFromReadable } from "@remix-run/node";
import { downloadArtifactOp } from "~/api/contracts/run-observability";
import { apiRoute, bind } from "~/http/api-handler.server";
import { openVerifiedArtifactDownload } from "~/modules/streams/index.server";
import { contentDispositionFor } from "~/modules/files/index.server";
import { assertStreamsEnabled } from "~/modules/streams/index.server";

export const { loader, action } = apiRoute([
  bind(downloadArtifactOp, async ({ ctx, params, request }) => {
    await assertStreamsEnabled(ctx);
    const { record, fileName, body } = await openVerifiedArtifactDownload(ctx, params.id, { recordDownload: request.method !== "HEAD" });
    const sha256Base64 = Buffer.from(record.artifact.checksum, "hex").toString("base64");
    const headers = {
      // The stored bytes as they are: a gzip file, not a gzip-encoded CSV, so clients keep it compressed.
      "Content-Type": "application/gzip",
      "Content-Length": String(record.artifact.size),
      "Content-Disposition": contentDispositionFor(fileName),
      ETag: `"${record.artifact.checksum}"`,
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
