import { useSearchParams } from "@remix-run/react";
import { useCallback, useState } from "react";

/** The open exception is in the link (?open=…) so it can be shared; written without a navigation, which would reload the list. */
export function useOpenException() {
  const [searchParams] = useSearchParams();
  const [openId, setOpenIdState] = useState<string | null>(searchParams.get("open"));
  const setOpenId = useCallback((id: string | null) => {
    setOpenIdState(id);
    const url = new URL(window.location.href);
    if (id) url.searchParams.set("open", id);
    else url.searchParams.delete("open");
    window.history.replaceState(window.history.state, "", url);
  }, []);
  const closeDrawer = useCallback(() => setOpenId(null), [setOpenId]);
  return { openId, setOpenId, closeDrawer };
}
