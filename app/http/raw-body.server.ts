import { PayloadTooLarge } from "~/core/errors/domain-errors";

/**
 * The request body as the exact bytes sent, with a hard cap checked while
 * reading. For signed requests (webhooks): a signature covers bytes, and any
 * parse-and-reserialize would change them.
 */
export async function readRawBody(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): PayloadTooLarge {
  return new PayloadTooLarge(`The request body exceeds ${maxBytes} bytes`);
}
