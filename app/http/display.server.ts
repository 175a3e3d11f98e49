/**
 * The language a page's dates and numbers are written in: the first of the
 * request's Accept-Language tags the runtime can format, else British
 * English ("8 Dec 2026, 21:40"). The loader sends it to the browser, which
 * formats with the same tag, so server and hydrated text agree.
 */
const FALLBACK_LOCALE = "en-GB";

export function requestLocale(request: Request): string {
  const header = request.headers.get("accept-language") ?? "";
  const tags = header
    .split(",")
    .map((part) => part.split(";")[0]!.trim())
    .filter((tag) => tag !== "" && tag !== "*" && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag))
    .slice(0, 8);
  for (const tag of tags) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // A malformed tag is skipped like an unsupported one.
    }
  }
  return FALLBACK_LOCALE;
}
