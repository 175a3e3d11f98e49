import type { StreamDraft } from "~/modules/streams";

/** Undo/redo over whole drafts: the draft is small and immutable, so a snapshot per edit is cheap. */
export interface History {
  past: StreamDraft[];
  present: StreamDraft;
  future: StreamDraft[];
  /** Consecutive edits of one field coalesce into one undo step. */
  lastKey: string | null;
}

export type HistoryAction =
  | { type: "apply"; change: (draft: StreamDraft) => StreamDraft; key?: string }
  | { type: "transient"; change: (draft: StreamDraft) => StreamDraft }
  | { type: "checkpoint" }
  | { type: "undo" }
  | { type: "redo" };

const HISTORY_LIMIT = 200;

export function historyReducer(state: History, action: HistoryAction): History {
  switch (action.type) {
    case "apply": {
      const next = action.change(state.present);
      if (next === state.present) return state;
      if (action.key && action.key === state.lastKey) return { ...state, present: next, future: [] };
      return { past: [...state.past, state.present].slice(-HISTORY_LIMIT), present: next, future: [], lastKey: action.key ?? null };
    }
    case "transient":
      return { ...state, present: action.change(state.present) };
    case "checkpoint":
      return { past: [...state.past, state.present].slice(-HISTORY_LIMIT), present: state.present, future: [], lastKey: null };
    case "undo": {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future], lastKey: null };
    }
    case "redo": {
      const next = state.future[0];
      if (!next) return state;
      return { past: [...state.past, state.present], present: next, future: state.future.slice(1), lastKey: null };
    }
  }
}

