import { useEffect, useRef } from "react";

/**
 * A hidden field carrying the browser's IANA zone, so sign-up and sign-in
 * can make it the user's display zone. Filled in after hydration (the server
 * cannot know it); without JavaScript it stays empty and the user reads UTC
 * until they choose a zone in settings.
 */
export function BrowserTimeZoneField() {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  }, []);
  return <input ref={ref} type="hidden" name="timeZone" defaultValue="" />;
}
