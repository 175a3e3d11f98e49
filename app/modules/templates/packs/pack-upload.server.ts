import { BadRequest, PayloadTooLarge, UnsupportedMediaType, ValidationFailed } from "~/core/errors/domain-errors";

/**
 * The .tgz of a pack upload, from a multipart body (part `file`), read with
 * a byte cap while streaming so an oversized body is refused before it is
 * all in memory. Packs are small: samples, JSON and a runbook.
 */
export const MAX_PACK_UPLOAD_BYTES = 32 * 1024 * 1024;

export async function readPackUpload(request: Request): Promise<Uint8Array> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) throw new UnsupportedMediaType("Send the pack as multipart/form-data with the .tgz in a part named 'file'");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_PACK_UPLOAD_BYTES) throw new PayloadTooLarge(`A pack upload may be at most ${MAX_PACK_UPLOAD_BYTES} bytes`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_PACK_UPLOAD_BYTES) throw new PayloadTooLarge(`A pack upload may be at most ${MAX_PACK_UPLOAD_BYTES} bytes`);
      chunks.push(chunk);
    }
  }
  let form: FormData;
  try {
    form = await new Response(Buffer.concat(chunks), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new BadRequest("The multipart body could not be read");
  }
  const file = form.get("file");
  if (!file || typeof file === "string") throw new ValidationFailed("No pack archive", { errors: [{ field: "file", message: "send the .tgz in a part named 'file'" }] });
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.length === 0) throw new ValidationFailed("The pack archive is empty", { errors: [{ field: "file", message: "is empty" }] });
  return bytes;
}
