import { useCallback, useReducer } from "react";
import type { StreamDraft } from "~/modules/streams";
import { historyReducer } from "./history";

export function useEditorHistory(initialDraft: StreamDraft) {
  const [history, dispatch] = useReducer(historyReducer, { past: [], present: initialDraft, future: [], lastKey: null });
  const apply = useCallback((change: (draft: StreamDraft) => StreamDraft, key?: string) => dispatch({ type: "apply", change, key }), []);
  return { history, draft: history.present, dispatch, apply };
}
