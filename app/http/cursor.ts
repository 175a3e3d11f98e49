import { BadRequest } from "~/core/errors/domain-errors";

/**
 * Cursors are opaque to clients (base64url of the keyset position) so the
 * position's shape can change without breaking anyone.
 */
export function encodeCursor(position: string | null): string | null {
  if (position === null) return null;
  return Buffer.from(JSON.stringify({ p: position }), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { p?: unknown };
    if (typeof decoded.p === "string" && decoded.p.length > 0) return decoded.p;
  } catch {
    // fall through to the located error below
  }
  throw new BadRequest("cursor is not valid; pass nextCursor from a previous page unchanged", {
    errors: [{ parameter: "cursor", message: "not a cursor issued by this API" }],
  });
}
