import { Link, useLocation } from "@remix-run/react";
import { useMemo } from "react";
import { StreamEditorPage, type EditorPageProps } from "~/components/streams/stream-editor-page";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { seedDraft } from "~/modules/streams";

export interface ScratchEditorProps {
  scratch: Parameters<typeof seedDraft>[0];
  choices: EditorPageProps["choices"];
  saveError: EditorPageProps["saveError"];
}

/** The editor seeded with the inputs and steps asked for on the start form. */
export function ScratchEditor({ scratch, choices, saveError }: ScratchEditorProps) {
  const location = useLocation();
  const draft = useMemo(() => seedDraft(scratch), [scratch]);
  return (
    <>
      <PageHeader
        title="New stream"
        description="Add inputs and steps, connect them, and save. Nothing runs until you start a run."
        actions={
          <Link to="/streams/new" className={buttonClasses("ghost", "md")}>
            Start over
          </Link>
        }
      />
      <StreamEditorPage draft={draft} draftKey={`new${location.search}`} choices={choices} validation={null} saved={null} saveError={saveError} />
    </>
  );
}
