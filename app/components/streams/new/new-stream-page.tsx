import { ScratchEditor, type ScratchEditorProps } from "./scratch-editor";
import { StartChoices, type TemplateChoice } from "./start-choices";

type NewStreamData =
  | { step: "editor"; scratch: ScratchEditorProps["scratch"]; choices: ScratchEditorProps["choices"] }
  | { step: "choose"; templates: TemplateChoice[] };

/**
 * The new-stream wizard: the start choices, or (after the scratch form) the
 * editor with those inputs and steps in place.
 */
export function NewStreamPage({ data, saveError }: { data: NewStreamData; saveError: ScratchEditorProps["saveError"] }) {
  if (data.step === "editor") return <ScratchEditor scratch={data.scratch} choices={data.choices} saveError={saveError} />;
  return <StartChoices templates={data.templates} />;
}
