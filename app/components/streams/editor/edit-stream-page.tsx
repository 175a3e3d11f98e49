import { Link } from "@remix-run/react";
import { PageHeader } from "~/components/ui/page-header";
import { StreamEditorPage, type EditorPageProps } from "../stream-editor-page";

interface EditStreamPageProps {
  data: { id: string; name: string; version: number; versionId: string } & Pick<EditorPageProps, "draft" | "choices" | "validation" | "saved">;
  saveError: EditorPageProps["saveError"];
}

/** An existing stream in the editor; saving makes a new version. */
export function EditStreamPage({ data, saveError }: EditStreamPageProps) {
  return (
    <>
      <PageHeader
        title={`Edit ${data.name}`}
        description={`Version ${data.version}. Saving makes a new version; runs keep the version they started with.`}
        actions={
          <Link to={`/streams/${data.id}`} className="text-sm font-medium text-indigo-700 hover:text-indigo-900">
            Back to the stream
          </Link>
        }
      />
      <StreamEditorPage
        draft={data.draft}
        draftKey={data.versionId}
        choices={data.choices}
        validation={data.validation}
        saved={data.saved}
        saveError={saveError}
      />
    </>
  );
}
