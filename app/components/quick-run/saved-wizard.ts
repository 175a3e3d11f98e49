import { useEffect, useRef } from "react";
import type { Draft, Side } from "./draft";
import type { SuggestionView } from "./types";

/**
 * The wizard's work survives a reload: its state is kept in the tab's
 * session storage after every change and read back when the page opens
 * again. Session, not local, storage: it stays with the tab (and the
 * browser session), so a shared machine's next user does not find it, and
 * two tabs can hold two drafts. A saved state naming a file the list no
 * longer has is dropped rather than half restored.
 */
export interface SavedWizard {
  version: 1;
  step: number;
  reached: number;
  selected: Record<Side, string>;
  draft: Draft | null;
  suggestion: SuggestionView | null;
  suggestedFor: string;
  name: string | null;
  limit: number;
}

export const WIZARD_STORAGE_KEY = "reconstream.quick-run.wizard";

export function serializeWizard(state: Omit<SavedWizard, "version">): string {
  return JSON.stringify({ version: 1, ...state } satisfies SavedWizard);
}

/** The saved state if it is this version's and every file it names is still listed; null otherwise. */
export function parseSavedWizard(text: string | null, fileIds: ReadonlySet<string>): SavedWizard | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const saved = value as Partial<SavedWizard>;
  if (saved.version !== 1 || typeof saved.step !== "number" || !saved.selected || typeof saved.selected !== "object") return null;
  for (const id of [saved.selected.source, saved.selected.target]) {
    if (typeof id !== "string" || (id !== "" && !fileIds.has(id))) return null;
  }
  const step = saved.draft ? Math.min(Math.max(0, Math.trunc(saved.step)), 3) : 0;
  return {
    version: 1,
    step,
    reached: Math.max(step, typeof saved.reached === "number" ? Math.min(saved.reached, 3) : step),
    selected: { source: saved.selected.source, target: saved.selected.target },
    draft: saved.draft ?? null,
    suggestion: saved.suggestion ?? null,
    suggestedFor: typeof saved.suggestedFor === "string" ? saved.suggestedFor : "",
    name: typeof saved.name === "string" ? saved.name : null,
    limit: typeof saved.limit === "number" ? saved.limit : 1_000,
  };
}

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    // Storage can be disabled (privacy settings): the wizard then works as before, without surviving a reload.
    return null;
  }
}

/**
 * Restores once, after hydration (the server cannot see the tab's storage,
 * so the first render is always the empty wizard), then saves every change.
 */
export function useSavedWizard(state: Omit<SavedWizard, "version">, files: ReadonlyArray<{ id: string }>, restore: (saved: SavedWizard) => void) {
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    const saved = parseSavedWizard(storage()?.getItem(WIZARD_STORAGE_KEY) ?? null, new Set(files.map((file) => file.id)));
    if (saved) restore(saved);
    // Once, on mount: later file-list changes must not re-apply an old state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const serialized = serializeWizard(state);
  useEffect(() => {
    if (!restored.current) return;
    storage()?.setItem(WIZARD_STORAGE_KEY, serialized);
  }, [serialized]);
}

export function clearSavedWizard(): void {
  storage()?.removeItem(WIZARD_STORAGE_KEY);
}
