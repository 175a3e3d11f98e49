import { Link, useNavigation, useSubmit } from "@remix-run/react";
import { useCallback } from "react";
import { Alert } from "~/components/ui/alert";
import type { DefinitionDiff } from "~/modules/streams";
import type { StreamDraft } from "~/modules/streams";
import { StreamEditor, type RawProblem, type StreamEditorProps } from "./stream-editor";

/**
 * The editor page around the editor: posts the definition to the route's
 * action, and after a save shows what changed against the previous version
 * and the server's validation of the saved version.
 */
export interface EditorPageProps {
  draft: StreamDraft;
  /** Changes the key of the editor so a saved version starts a fresh history. */
  draftKey: string;
  choices: Pick<StreamEditorProps, "ruleSets" | "files" | "dataSources">;
  validation: { ready: boolean; problems: RawProblem[] } | null;
  saved: { version: number; diff: DefinitionDiff | null; streamId: string } | null;
  saveError: { message: string; problems: RawProblem[] } | null;
}

export function StreamEditorPage({ draft, draftKey, choices, validation, saved, saveError }: EditorPageProps) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting";
  const onSave = useCallback<StreamEditorProps["onSave"]>((input) => submit({ intent: "save", payload: JSON.stringify(input) }, { method: "post" }), [submit]);
  return (
    <div className="space-y-4">
      {saveError ? (
        <Alert tone="danger" title="Not saved">
          {saveError.message}
        </Alert>
      ) : null}
      {saved ? <SavedNotice saved={saved} ready={validation?.ready ?? false} /> : null}
      <StreamEditor
        key={draftKey}
        initialDraft={draft}
        {...choices}
        serverProblems={saveError ? saveError.problems : (validation?.problems ?? [])}
        serverProblemsTitle={saveError ? "Why the server refused the save" : "From the server's validation of the saved version"}
        saving={saving}
        onSave={onSave}
      />
    </div>
  );
}

function SavedNotice({ saved, ready }: { saved: NonNullable<EditorPageProps["saved"]>; ready: boolean }) {
  const { diff } = saved;
  return (
    <Alert tone={ready ? "success" : "warning"} title={`Saved as version ${saved.version}${ready ? "; ready to run" : "; not ready to run yet"}`}>
      <div className="space-y-1" data-testid="version-diff">
        {diff === null ? (
          <p>The first version of this stream.</p>
        ) : diff.layoutOnly ? (
          <p>Only node positions changed since version {saved.version - 1}.</p>
        ) : (
          <>
            <p>Changes since version {saved.version - 1}:</p>
            <ul className="list-disc pl-5">
              {diff.addedSteps.map((key) => (
                <li key={`added-${key}`}>Added step {key}</li>
              ))}
              {diff.removedSteps.map((key) => (
                <li key={`removed-${key}`}>Removed step {key}</li>
              ))}
              {diff.changedSteps.map((step) => (
                <li key={`changed-${step.key}`}>
                  Step {step.key}:{" "}
                  {step.changes.map((change) => `${change.field} ${change.before} → ${change.after}`).join("; ")}
                </li>
              ))}
              {diff.settings.map((change) => (
                <li key={`setting-${change.field}`}>
                  Setting {change.field}: {change.before} → {change.after}
                </li>
              ))}
              {diff.addedSteps.length + diff.removedSteps.length + diff.changedSteps.length + diff.settings.length === 0 ? <li>No changes.</li> : null}
            </ul>
          </>
        )}
        <p>
          <Link to={`/streams/${saved.streamId}`} className="font-medium underline">
            Open the stream to run it
          </Link>
        </p>
      </div>
    </Alert>
  );
}
