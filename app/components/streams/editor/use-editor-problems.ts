import { useMemo } from "react";
import { draftProblems, placePointer, type EditorProblem, type StreamDraft } from "~/modules/streams";
import type { RawProblem } from "./editor-types";

/** What the browser finds in the draft, plus the server's report while the draft is still as loaded. */
export function useEditorProblems(draft: StreamDraft, pristine: boolean, serverProblems: RawProblem[]) {
  const clientProblems = useMemo(() => draftProblems(draft), [draft]);
  // The saved version's report describes the draft as loaded; once edited, only what the browser can check is current.
  const placedServerProblems = useMemo<EditorProblem[]>(
    () => (pristine ? serverProblems.map((problem) => ({ ...placePointer(problem.pointer, draft), severity: problem.severity, message: problem.message })) : []),
    [pristine, serverProblems, draft],
  );
  const problems = useMemo(() => [...clientProblems, ...placedServerProblems], [clientProblems, placedServerProblems]);
  const errorCount = clientProblems.filter((problem) => problem.severity === "error").length;
  const fieldError = (nodeId: string | null, field: string) =>
    problems.find((problem) => problem.nodeId === nodeId && problem.field !== null && (problem.field === field || problem.field.startsWith(`${field}.`)))?.message;
  return { problems, placedServerProblems, errorCount, fieldError };
}
