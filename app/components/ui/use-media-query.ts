import { useEffect, useState } from "react";

/**
 * Whether a CSS media query matches, following changes (a rotated phone, a
 * resized window). The server cannot know, so the first render, on the server
 * and at hydration, uses `serverDefault`.
 */
export function useMediaQuery(query: string, serverDefault = false): boolean {
  const [matches, setMatches] = useState(serverDefault);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener("change", update);
    return () => list.removeEventListener("change", update);
  }, [query]);
  return matches;
}
