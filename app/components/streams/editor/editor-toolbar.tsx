import { useState, type Dispatch } from "react";
import { Button } from "~/components/ui/button";
import { Select } from "~/components/ui/select";
import { INPUT_KIND_LABELS, INPUT_KINDS, addInput, addStep, stepNodeId, type InputKind, type StreamDraft } from "~/modules/streams";
import type { Apply } from "./editor-types";
import type { History, HistoryAction } from "./history";

interface EditorToolbarProps {
  draft: StreamDraft;
  history: History;
  dispatch: Dispatch<HistoryAction>;
  apply: Apply;
  selectedId: string | null;
  setSelectedId: (id: string | null) => void;
  saving: boolean;
  save: () => void;
  /** Changes since the last save (or load): Save says so. */
  dirty: boolean;
}

/** Every canvas action has a button or a select here, so the editor works without a mouse. */
export function EditorToolbar({ draft, history, dispatch, apply, selectedId, setSelectedId, saving, save, dirty }: EditorToolbarProps) {
  const [newInputKind, setNewInputKind] = useState<InputKind>("parameter");
  return (
    <div className="flex flex-wrap items-end gap-2" role="toolbar" aria-label="Editor">
      <Button
        type="button"
        variant="secondary"
        size="sm"
        onClick={() => {
          // Ids are made here, not in the reducer, so the reducer stays pure.
          const result = addStep(draft);
          apply(() => result.draft);
          setSelectedId(stepNodeId({ id: result.stepId }));
        }}
      >
        Add step
      </Button>
      <div className="flex items-end gap-1">
        <label className="sr-only" htmlFor="new-input-kind">
          Input kind
        </label>
        <Select id="new-input-kind" value={newInputKind} onChange={(event) => setNewInputKind(event.target.value as InputKind)} className="h-8 text-xs">
          {INPUT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {INPUT_KIND_LABELS[kind]}
            </option>
          ))}
        </Select>
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={() => {
            const result = addInput(draft, newInputKind);
            apply(() => result.draft);
            setSelectedId(result.nodeId);
          }}
        >
          Add input
        </Button>
      </div>
      <Button type="button" variant="ghost" size="sm" onClick={() => dispatch({ type: "undo" })} disabled={history.past.length === 0} aria-keyshortcuts="Control+Z">
        Undo
      </Button>
      <Button type="button" variant="ghost" size="sm" onClick={() => dispatch({ type: "redo" })} disabled={history.future.length === 0} aria-keyshortcuts="Control+Shift+Z">
        Redo
      </Button>
      <div className="ml-auto flex items-center gap-2">
        <label className="sr-only" htmlFor="select-node">
          Select a node
        </label>
        <Select id="select-node" value={selectedId ?? ""} onChange={(event) => setSelectedId(event.target.value || null)} className="h-8 text-xs">
          <option value="">Stream settings</option>
          {draft.inputs.map((input) => (
            <option key={input.id} value={input.id}>
              {INPUT_KIND_LABELS[input.kind]}: {input.value || "(not set)"}
            </option>
          ))}
          {draft.steps.map((step) => (
            <option key={step.id} value={stepNodeId(step)}>
              Step: {step.name || step.key}
            </option>
          ))}
        </Select>
        {dirty && !saving ? (
          <span className="flex items-center gap-1 text-xs font-medium text-amber-700" role="status" data-testid="unsaved-marker">
            <span aria-hidden="true" className="h-2 w-2 rounded-full bg-amber-500" />
            Unsaved changes
          </span>
        ) : null}
        <Button type="button" size="sm" onClick={save} disabled={saving} aria-keyshortcuts="Control+S">
          {saving ? "Saving…" : "Save"}
        </Button>
      </div>
    </div>
  );
}
