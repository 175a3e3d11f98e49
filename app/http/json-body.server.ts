import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from "~/domain/errors";

/**
 * Reads a JSON request body with a hard byte cap (checked while streaming,
 * not only from Content-Length), so an oversized body is refused before
 * anything is parsed or written.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<{ raw: string; value: unknown }> {
  const contentType = request.headers.get("content-type") ?? "";
  const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) {
    throw new UnsupportedMediaType(
      mediaType ? `Content-Type '${mediaType}' is not supported; send application/json` : "Content-Type is missing; send application/json",
    );
  }
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const raw = await readCapped(request, maxBytes);
  if (raw.trim() === "") {
    throw new BadRequest("The request body is empty; send a JSON document", { errors: [{ pointer: "", message: "empty body" }] });
  }
  try {
    return { raw, value: JSON.parse(raw) };
  } catch (error) {
    throw new BadRequest("The request body is not valid JSON", { errors: [locateJsonError(raw, error)] });
  }
}

function tooLarge(maxBytes: number) {
  return new PayloadTooLarge(`The request body exceeds ${maxBytes} bytes`);
}

async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
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
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/** Turns V8's "at position N" into a line and column a human can find. */
function locateJsonError(raw: string, error: unknown): { message: string; line?: number; column?: number } {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  if (!match) return { message };
  const position = Number(match[1]);
  const before = raw.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");
  return { message: message.replace(/^Unexpected/, "unexpected"), line, column };
}
