import { useEffect, useRef } from "react";

/**
 * A container that scrolls sideways (a wide table on a phone) must be
 * reachable by keyboard, or its hidden columns are mouse-only. It becomes a
 * tab stop only while it actually overflows, so tables that fit add no stop.
 */
export function useKeyboardScroll<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => {
      if (element.scrollWidth > element.clientWidth) element.tabIndex = 0;
      else element.removeAttribute("tabindex");
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return ref;
}
