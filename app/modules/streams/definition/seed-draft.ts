import { addInput, addStep, emptyDraft, updateInput, type StreamDraft } from "./editor-model";

/**
 * The new-stream wizard's "from scratch" start: a draft with the name, one
 * run-parameter node per file input named, and the asked number of empty
 * steps laid out left to right. Nothing is wired: the editor shows what each
 * step still needs on the step itself.
 */
export const MAX_WIZARD_STEPS = 20;
export const MAX_WIZARD_INPUTS = 20;

export interface ScratchStart {
  name: string;
  inputs: string[];
  steps: number;
}

export function seedDraft(start: ScratchStart): StreamDraft {
  let draft: StreamDraft = { ...emptyDraft(), name: start.name };
  for (const name of start.inputs) {
    const added = addInput(draft, "parameter");
    draft = updateInput(added.draft, added.nodeId, { value: name });
  }
  for (let step = 0; step < start.steps; step++) draft = addStep(draft).draft;
  return draft;
}
