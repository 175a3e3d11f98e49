import { Forbidden } from "~/core/errors/domain-errors";

/**
 * Cookie-authenticated writes must come from our own pages. SameSite=Lax
 * already blocks most cross-site posts; checking Origin closes the rest
 * (same-site subdomains, old browsers).
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const expected = new URL(request.url).origin;
  if (origin && origin === expected) return;
  if (!origin) {
    const fetchSite = request.headers.get("sec-fetch-site");
    if (fetchSite === "same-origin" || fetchSite === "none") return;
  }
  throw new Forbidden("Cross-origin form posts are not accepted");
}
