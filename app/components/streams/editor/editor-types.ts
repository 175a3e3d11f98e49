import type { StreamDefinition, StreamDraft } from "~/modules/streams";

export interface RawProblem {
  pointer: string;
  severity: "error" | "warning";
  message: string;
}

export interface StreamEditorProps {
  initialDraft: StreamDraft;
  ruleSets: Array<{ id: string; name: string; latestVersion: number }>;
  files: Array<{ id: string; name: string }>;
  dataSources: Array<{ id: string; name: string }>;
  /** Problems of the saved version (validateStream) or of a refused save; placed on the current draft. */
  serverProblems: RawProblem[];
  serverProblemsTitle?: string;
  saving: boolean;
  onSave: (input: { name: string; description: string | null; definition: StreamDefinition }) => void;
}

export type Apply = (change: (draft: StreamDraft) => StreamDraft, key?: string) => void;
export type FieldError = (field: string) => string | undefined;

export function numberOf(value: string, fallback: number): number {
  const parsed = Number(value);
  return Number.isFinite(parsed) ? Math.trunc(parsed) : fallback;
}

export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}
