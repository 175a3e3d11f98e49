/** The browser tells us its zone in this cookie (set by the dashboard page), so days on the charts are the reader's days. */
export const TZ_COOKIE = "rs_tz";

export function timeZoneFrom(request: Request): string {
  const cookie = request.headers.get("cookie") ?? "";
  const match = cookie.match(new RegExp(`(?:^|;\\s*)${TZ_COOKIE}=([^;]+)`));
  if (!match) return "UTC";
  try {
    const zone = decodeURIComponent(match[1]!);
    return /^[A-Za-z0-9_+\-/]{1,64}$/.test(zone) ? zone : "UTC";
  } catch {
    return "UTC";
  }
}
