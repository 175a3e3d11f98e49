import { encodeCursor } from "~/http/cursor";

/** The envelope of every paged list: the page's items, and an opaque cursor to the next page. */
export function listResponse<T, R>(page: { data: T[]; nextCursor: string | null }, serialize: (item: T) => R) {
  return {
    object: "list" as const,
    data: page.data.map(serialize),
    hasMore: page.nextCursor !== null,
    nextCursor: encodeCursor(page.nextCursor),
  };
}
