import type { Draft, FieldErrors, Side } from "./draft";
import type { WizardFile } from "./types";

/** The checks the browser can make before asking the server; the server checks everything again. */
export function checkStep(step: number, state: { selected: Record<Side, string>; draft: Draft | null; fileById: Map<string, WizardFile> }): FieldErrors {
  const problems: FieldErrors = {};
  if (step === 0) {
    for (const side of ["source", "target"] as const) {
      const id = state.selected[side];
      if (!id) problems[`${side}FileId`] = `Choose a ${side} file`;
      else if (state.fileById.get(id)?.status !== "ready") problems[`${side}FileId`] = "This file is not ready yet";
    }
    if (state.selected.source && state.selected.source === state.selected.target) problems.targetFileId = "Choose a different file from the source";
  }
  if (step === 1 && state.draft) {
    for (const side of ["source", "target"] as const) {
      if (state.draft[side].mappings.length === 0) problems[`definition/${side}/mappings`] = `Map at least one field of the ${side} file`;
    }
  }
  if (step === 2 && state.draft) {
    if (state.draft.passes.length === 0) problems["definition/passes"] = "Add at least one pass";
    state.draft.passes.forEach((pass, index) => {
      if (!pass.name.trim()) problems[`definition/passes/${index}/name`] = `Pass ${index + 1} needs a name`;
    });
  }
  return problems;
}

export function stripExtension(name: string): string {
  return name.replace(/(\.(csv|tsv|txt|json|ndjson|xlsx))?(\.gz)?$/i, "");
}
