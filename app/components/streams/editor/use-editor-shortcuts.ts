import { useEffect, type Dispatch } from "react";
import { isTextEntry } from "./editor-types";
import type { HistoryAction } from "./history";

/** Ctrl+S saves anywhere; undo, redo and Delete leave text fields their own meaning. */
export function useEditorShortcuts(save: () => void, removeSelected: () => void, selectedId: string | null, dispatch: Dispatch<HistoryAction>) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "s") {
        event.preventDefault();
        save();
      } else if (mod && ((key === "z" && event.shiftKey) || key === "y") && !isTextEntry(event.target)) {
        event.preventDefault();
        dispatch({ type: "redo" });
      } else if (mod && key === "z" && !isTextEntry(event.target)) {
        event.preventDefault();
        dispatch({ type: "undo" });
      } else if ((event.key === "Delete" || event.key === "Backspace") && !mod && !isTextEntry(event.target) && selectedId) {
        event.preventDefault();
        removeSelected();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save, removeSelected, selectedId, dispatch]);
}
