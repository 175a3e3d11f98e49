import { parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import { BadRequest, PayloadTooLarge, UnsupportedMediaType } from "~/core/errors/domain-errors";

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
      await discardRest(reader, maxBytes * DRAIN_FACTOR - total);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

/**
 * Reading (and dropping) a modest overflow lets the client finish sending and
 * read our 413; cutting the socket at once would show it a connection reset
 * instead. Past this many times the limit we do cut it.
 */
const DRAIN_FACTOR = 8;

async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, budget: number): Promise<void> {
  let remaining = budget;
  while (remaining > 0) {
    const { done, value } = await reader.read();
    if (done) return;
    remaining -= value.byteLength;
  }
  await reader.cancel().catch(() => {});
}

/**
 * JSON.parse says what is wrong but not reliably where; jsonc-parser (in
 * strict mode) gives the offset, which becomes a line and column.
 */
function locateJsonError(raw: string, error: unknown): { message: string; line?: number; column?: number } {
  const fallback = error instanceof Error ? error.message : String(error);
  const errors: ParseError[] = [];
  parseTree(raw, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return { message: fallback };
  const before = raw.slice(0, first.offset);
  const line = before.split("\n").length;
  const column = first.offset - before.lastIndexOf("\n");
  return { message: describeJsonError(first), line, column };
}

const JSON_ERROR_MESSAGES: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a double-quoted property name",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: "unexpected content after the JSON value",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in string",
};

function describeJsonError(error: ParseError): string {
  return JSON_ERROR_MESSAGES[printParseErrorCode(error.error)] ?? "invalid JSON";
}
