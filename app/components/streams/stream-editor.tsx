import { Background, Controls, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { useCallback, useMemo, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { draftToDefinition, connect, removeNode, stepNodeId } from "~/modules/streams";
import { nodeTypes } from "./flow-nodes";
import { EditorToolbar } from "./editor/editor-toolbar";
import type { StreamEditorProps } from "./editor/editor-types";
import { InputPanel } from "./editor/input-panel";
import { ProblemList } from "./editor/problem-list";
import { SettingsPanel } from "./editor/settings-panel";
import { StepPanel } from "./editor/step-panel";
import { useEditorHistory } from "./editor/use-editor-history";
import { useEditorProblems } from "./editor/use-editor-problems";
import { useEditorShortcuts } from "./editor/use-editor-shortcuts";
import { useFlowCanvas } from "./editor/use-flow-canvas";
import { UnsavedChangesGuard } from "./editor/unsaved-changes-guard";

export type { RawProblem, StreamEditorProps } from "./editor/editor-types";

/**
 * The visual stream editor: a React Flow canvas over an editor draft, a side
 * panel for the selected node (or the stream's settings), undo/redo and
 * keyboard shortcuts. Everything the mouse does has a keyboard path: buttons
 * add nodes, selects connect inputs, Delete removes. It fetches nothing; the
 * route hands it rule sets, files and problems and receives the definition
 * to save.
 */
export function StreamEditor(props: StreamEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorBody {...props} />
    </ReactFlowProvider>
  );
}

function EditorBody({ initialDraft, ruleSets, files, dataSources, serverProblems, serverProblemsTitle, saving, onSave }: StreamEditorProps) {
  const { history, draft, dispatch, apply } = useEditorHistory(initialDraft);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [saveBlocked, setSaveBlocked] = useState(false);
  const { problems, placedServerProblems, errorCount, fieldError } = useEditorProblems(draft, history.past.length === 0, serverProblems);
  const canvas = useFlowCanvas({ draft, problems, ruleSets, selectedId, setSelectedId, apply, dispatch });
  // By value, so undoing back to what was loaded (or saved: a save remounts the editor) is clean again.
  const initialJson = useMemo(() => JSON.stringify(initialDraft), [initialDraft]);
  const dirty = useMemo(() => JSON.stringify(draft) !== initialJson, [draft, initialJson]);

  const save = useCallback(() => {
    const definition = draftToDefinition(draft);
    if (errorCount > 0 || !definition) {
      setSaveBlocked(true);
      return;
    }
    setSaveBlocked(false);
    onSave({ name: draft.name.trim(), description: draft.description.trim() || null, definition });
  }, [draft, errorCount, onSave]);

  const removeSelected = useCallback(() => {
    if (!selectedId) return;
    if (selectedId.startsWith("edge:")) {
      const [, stepId, side] = selectedId.split(":");
      apply((current) => connect(current, stepId!, side as "source" | "target", null));
    } else {
      apply((current) => removeNode(current, selectedId));
    }
    setSelectedId(null);
  }, [apply, selectedId]);

  useEditorShortcuts(save, removeSelected, selectedId, dispatch);

  const selectedStep = draft.steps.find((step) => stepNodeId(step) === selectedId);
  const selectedInput = draft.inputs.find((input) => input.id === selectedId);

  return (
    <div className="space-y-3">
      <UnsavedChangesGuard dirty={dirty && !saving} />
      <EditorToolbar draft={draft} history={history} dispatch={dispatch} apply={apply} selectedId={selectedId} setSelectedId={setSelectedId} saving={saving} save={save} dirty={dirty} />
      <p className="text-xs text-slate-500">
        Drag from a handle to connect · Delete removes the selected node or edge · Ctrl+Z / Ctrl+Shift+Z undo and redo · Ctrl+S saves
      </p>

      {saveBlocked && errorCount > 0 ? (
        <Alert tone="danger" title="Not saved">
          Fix the {errorCount} problem{errorCount === 1 ? "" : "s"} marked on the graph first.
        </Alert>
      ) : null}

      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr),20rem]">
        <div className="h-[560px] rounded-lg border border-slate-200 bg-white" data-testid="stream-canvas">
          <ReactFlow
            nodes={canvas.nodes}
            edges={canvas.edges}
            nodeTypes={nodeTypes}
            onNodesChange={canvas.onNodesChange}
            onEdgesChange={canvas.onEdgesChange}
            onConnect={canvas.onConnect}
            isValidConnection={(connection) => connection.source !== connection.target && Boolean(canvas.stepOfNode(connection.target))}
            onPaneClick={() => setSelectedId(null)}
            deleteKeyCode={null}
            fitView
            fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
            minZoom={0.3}
            proOptions={{ hideAttribution: true }}
            ariaLabelConfig={{ "node.a11yDescription.default": "Press Enter or Space to select this node; Delete removes it; arrow keys move it." }}
          >
            <Background gap={16} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>

        <aside className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" aria-label="Configuration">
          {selectedStep ? (
            <StepPanel
              step={selectedStep}
              draft={draft}
              ruleSets={ruleSets}
              error={(field) => fieldError(stepNodeId(selectedStep), field)}
              apply={apply}
              onRemove={removeSelected}
            />
          ) : selectedInput ? (
            <InputPanel input={selectedInput} files={files} dataSources={dataSources} error={(field) => fieldError(selectedInput.id, field)} apply={apply} onRemove={removeSelected} />
          ) : (
            <SettingsPanel draft={draft} error={(field) => fieldError(null, field)} apply={apply} />
          )}
        </aside>
      </div>

      <ProblemList problems={problems} fromServer={placedServerProblems.length > 0} serverProblemsTitle={serverProblemsTitle} onSelect={setSelectedId} />
    </div>
  );
}
