import { useLocation } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";

/**
 * The navigation drawer below the lg breakpoint: opened by the header's menu
 * button, closed by Escape, the backdrop, the close button or a navigation.
 * Focus moves into the drawer when it opens and back to the menu button when
 * it closes, so a keyboard user never loses their place.
 */
export function useNavDrawer() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const drawerRef = useRef<HTMLElement>(null);
  const wasOpen = useRef(false);
  // After a navigation the new page owns focus; only a plain close returns it to the button.
  const restoreFocus = useRef(true);
  const { pathname, search } = useLocation();

  const close = useCallback(() => setOpen(false), []);
  const toggle = useCallback(() => setOpen((value) => !value), []);

  // A link in the drawer navigated: the drawer has done its job.
  useEffect(() => {
    restoreFocus.current = false;
    setOpen(false);
  }, [pathname, search]);

  useEffect(() => {
    if (open) {
      drawerRef.current?.querySelector<HTMLElement>("a, button")?.focus();
    } else if (wasOpen.current && restoreFocus.current) {
      buttonRef.current?.focus();
    }
    restoreFocus.current = true;
    wasOpen.current = open;
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [open]);

  return { open, close, toggle, buttonRef, drawerRef };
}
