import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type Connection as FlowConnection, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field, Input, Textarea } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import type { StreamDefinition } from "~/modules/streams";
import {
  INPUT_KIND_LABELS,
  INPUT_KINDS,
  SIDES,
  addInput,
  addStep,
  connect,
  connectionChoices,
  connectionValue,
  draftProblems,
  draftToDefinition,
  placePointer,
  removeNode,
  stepNodeId,
  updateInput,
  updateStep,
  type EditorProblem,
  type InputKind,
  type InputNodeDraft,
  type StepDraft,
  type StepOutput,
  type StreamDraft,
} from "~/modules/streams";
import { flowOf, nodeTypes } from "./flow-nodes";

/**
 * The visual stream editor: a React Flow canvas over an editor draft, a side
 * panel for the selected node (or the stream's settings), undo/redo and
 * keyboard shortcuts. Everything the mouse does has a keyboard path: buttons
 * add nodes, selects connect inputs, Delete removes. It fetches nothing; the
 * route hands it rule sets, files and problems and receives the definition
 * to save.
 */
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

interface History {
  past: StreamDraft[];
  present: StreamDraft;
  future: StreamDraft[];
  /** Consecutive edits of one field coalesce into one undo step. */
  lastKey: string | null;
}

type HistoryAction =
  | { type: "apply"; change: (draft: StreamDraft) => StreamDraft; key?: string }
  | { type: "transient"; change: (draft: StreamDraft) => StreamDraft }
  | { type: "checkpoint" }
  | { type: "undo" }
  | { type: "redo" };

const HISTORY_LIMIT = 200;

function historyReducer(state: History, action: HistoryAction): History {
  switch (action.type) {
    case "apply": {
      const next = action.change(state.present);
      if (next === state.present) return state;
      if (action.key && action.key === state.lastKey) return { ...state, present: next, future: [] };
      return { past: [...state.past, state.present].slice(-HISTORY_LIMIT), present: next, future: [], lastKey: action.key ?? null };
    }
    case "transient":
      return { ...state, present: action.change(state.present) };
    case "checkpoint":
      return { past: [...state.past, state.present].slice(-HISTORY_LIMIT), present: state.present, future: [], lastKey: null };
    case "undo": {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future], lastKey: null };
    }
    case "redo": {
      const next = state.future[0];
      if (!next) return state;
      return { past: [...state.past, state.present], present: next, future: state.future.slice(1), lastKey: null };
    }
  }
}

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function StreamEditor(props: StreamEditorProps) {
  return (
    <ReactFlowProvider>
      <EditorBody {...props} />
    </ReactFlowProvider>
  );
}

function EditorBody({ initialDraft, ruleSets, files, dataSources, serverProblems, serverProblemsTitle, saving, onSave }: StreamEditorProps) {
  const [history, dispatch] = useReducer(historyReducer, { past: [], present: initialDraft, future: [], lastKey: null });
  const draft = history.present;
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const [newInputKind, setNewInputKind] = useState<InputKind>("parameter");
  const [saveBlocked, setSaveBlocked] = useState(false);
  const dragging = useRef(false);
  const apply = useCallback((change: (draft: StreamDraft) => StreamDraft, key?: string) => dispatch({ type: "apply", change, key }), []);
  const { fitView } = useReactFlow();
  const nodeCount = draft.inputs.length + draft.steps.length;
  useEffect(() => {
    // A node added by button may land outside the view; bring the whole graph back into it once it is measured.
    const timer = setTimeout(() => void fitView({ padding: 0.15, maxZoom: 1 }), 60);
    return () => clearTimeout(timer);
  }, [nodeCount, fitView]);

  const clientProblems = useMemo(() => draftProblems(draft), [draft]);
  // The saved version's report describes the draft as loaded; once edited, only what the browser can check is current.
  const pristine = history.past.length === 0;
  const placedServerProblems = useMemo<EditorProblem[]>(
    () => (pristine ? serverProblems.map((problem) => ({ ...placePointer(problem.pointer, draft), severity: problem.severity, message: problem.message })) : []),
    [pristine, serverProblems, draft],
  );
  const problems = useMemo(() => [...clientProblems, ...placedServerProblems], [clientProblems, placedServerProblems]);
  const errorCount = clientProblems.filter((problem) => problem.severity === "error").length;

  const ruleSetLabel = useCallback(
    (id: string, version: number | null) => {
      if (!id) return "";
      const ruleSet = ruleSets.find((entry) => entry.id === id);
      return `${ruleSet?.name ?? id} · ${version === null ? "latest" : `v${version}`}`;
    },
    [ruleSets],
  );
  const flow = useMemo(() => flowOf(draft, { problems, ruleSetLabel, selectedId }), [draft, problems, ruleSetLabel, selectedId]);
  const nodes = useMemo(() => flow.nodes.map((node) => (measured[node.id] ? { ...node, measured: measured[node.id] } : node)), [flow.nodes, measured]);

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

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "s") {
        event.preventDefault();
        save();
      } else if (mod && ((key === "z" && event.shiftKey) || key === "y") && !isTextEntry(event.target)) {
        event.preventDefault();
        dispatch({ type: "redo" });
      } else if (mod && key === "z" && !isTextEntry(event.target)) {
        event.preventDefault();
        dispatch({ type: "undo" });
      } else if ((event.key === "Delete" || event.key === "Backspace") && !mod && !isTextEntry(event.target) && selectedId) {
        event.preventDefault();
        removeSelected();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [save, removeSelected, selectedId]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const sizes: Record<string, { width: number; height: number }> = {};
    for (const change of changes) {
      if (change.type === "dimensions" && change.dimensions) sizes[change.id] = change.dimensions;
      if (change.type === "select") setSelectedId((current) => (change.selected ? change.id : current === change.id ? null : current));
      if (change.type === "position") {
        if (change.dragging && !dragging.current) {
          dragging.current = true;
          dispatch({ type: "checkpoint" });
        }
        if (change.position) {
          const position = change.position;
          dispatch({ type: "transient", change: (current) => ({ ...current, positions: { ...current.positions, [change.id]: position } }) });
        }
        if (change.dragging === false) dragging.current = false;
      }
    }
    if (Object.keys(sizes).length > 0) setMeasured((current) => ({ ...current, ...sizes }));
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    for (const change of changes) {
      if (change.type === "select") setSelectedId((current) => (change.selected ? change.id : current === change.id ? null : current));
    }
  }, []);

  const stepOfNode = useCallback((nodeId: string) => draft.steps.find((step) => stepNodeId(step) === nodeId), [draft.steps]);

  const onConnect = useCallback(
    (connection: FlowConnection) => {
      const target = stepOfNode(connection.target);
      const side = connection.targetHandle;
      if (!target || (side !== "source" && side !== "target")) return;
      const upstream = stepOfNode(connection.source);
      const link = upstream
        ? { from: "step" as const, stepId: upstream.id, output: (connection.sourceHandle ?? "unmatched_source") as StepOutput }
        : { from: "input" as const, nodeId: connection.source };
      apply((current) => connect(current, target.id, side, link));
    },
    [apply, stepOfNode],
  );

  const selectedStep = draft.steps.find((step) => stepNodeId(step) === selectedId);
  const selectedInput = draft.inputs.find((input) => input.id === selectedId);
  const fieldError = (nodeId: string | null, field: string) =>
    problems.find((problem) => problem.nodeId === nodeId && problem.field !== null && (problem.field === field || problem.field.startsWith(`${field}.`)))?.message;

  return (
    <div className="space-y-3">
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
          <Button type="button" size="sm" onClick={save} disabled={saving} aria-keyshortcuts="Control+S">
            {saving ? "Saving…" : "Save"}
          </Button>
        </div>
      </div>
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
            nodes={nodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            isValidConnection={(connection) => connection.source !== connection.target && Boolean(stepOfNode(connection.target))}
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

      <section aria-labelledby="problems-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="problems-heading" className="text-sm font-semibold text-slate-900">
          {problems.length === 0 ? "No problems found" : `${problems.length} problem${problems.length === 1 ? "" : "s"}`}
        </h2>
        {placedServerProblems.length > 0 ? <p className="text-xs text-slate-500">{serverProblemsTitle ?? "From the server's validation of the saved version"}</p> : null}
        <ul className="mt-2 space-y-1 text-sm" data-testid="problem-list">
          {problems.map((problem, index) => (
            <li key={index} className="flex items-start gap-2">
              <span className={problem.severity === "error" ? "text-red-700" : "text-amber-700"}>{problem.severity === "error" ? "Error" : "Warning"}</span>
              {problem.nodeId ? (
                <button type="button" className="text-left text-slate-800 underline decoration-dotted hover:text-indigo-700" onClick={() => setSelectedId(problem.nodeId)}>
                  {problem.message}
                </button>
              ) : (
                <span className="text-slate-800">{problem.message}</span>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

type Apply = (change: (draft: StreamDraft) => StreamDraft, key?: string) => void;

function numberOf(value: string, fallback: number): number {
  const parsed = Number(value);
  return Number.isFinite(parsed) ? Math.trunc(parsed) : fallback;
}

function StepPanel({
  step,
  draft,
  ruleSets,
  error,
  apply,
  onRemove,
}: {
  step: StepDraft;
  draft: StreamDraft;
  ruleSets: StreamEditorProps["ruleSets"];
  error: (field: string) => string | undefined;
  apply: Apply;
  onRemove: () => void;
}) {
  const patch = (values: Partial<StepDraft>, field: string) => apply((current) => updateStep(current, step.id, values), `${step.id}:${field}`);
  const choices = connectionChoices(draft, step.id);
  const ruleSet = ruleSets.find((entry) => entry.id === step.ruleSetId);
  return (
    <div className="space-y-3" data-testid="step-panel">
      <h2 className="text-sm font-semibold text-slate-900">Step: {step.name || step.key}</h2>
      <Field label="Name" error={error("name")}>
        <Input value={step.name} onChange={(event) => patch({ name: event.target.value }, "name")} />
      </Field>
      <Field label="Key" error={error("key")} hint="Used in run data and by downstream steps">
        <Input value={step.key} className="font-mono" onChange={(event) => patch({ key: event.target.value }, "key")} />
      </Field>
      <Field label="Rule set" error={error("ruleSetId")}>
        <Select value={step.ruleSetId} onChange={(event) => patch({ ruleSetId: event.target.value, ruleSetVersion: null }, "ruleSetId")}>
          <option value="">Choose a rule set…</option>
          {ruleSets.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {entry.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Rule set version" error={error("ruleSetVersion")}>
        <Select
          value={step.ruleSetVersion === null ? "" : String(step.ruleSetVersion)}
          onChange={(event) => patch({ ruleSetVersion: event.target.value ? Number(event.target.value) : null }, "ruleSetVersion")}
          disabled={!ruleSet}
        >
          <option value="">Latest when the run starts</option>
          {ruleSet
            ? Array.from({ length: ruleSet.latestVersion }, (_, index) => ruleSet.latestVersion - index).map((version) => (
                <option key={version} value={version}>
                  Version {version}
                </option>
              ))
            : null}
        </Select>
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Connect inputs</legend>
        {SIDES.map((side) => (
          <Field key={side} label={side === "source" ? "Source input" : "Target input"} error={error(`inputs.${side}`)}>
            <Select
              value={connectionValue(step.inputs[side])}
              onChange={(event) => {
                const choice = choices.find((entry) => entry.value === event.target.value);
                apply((current) => connect(current, step.id, side, choice?.connection ?? null));
              }}
            >
              <option value="">Not connected</option>
              {choices.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
                </option>
              ))}
            </Select>
          </Field>
        ))}
      </fieldset>
      <fieldset className="grid grid-cols-3 gap-2">
        <legend className="col-span-3 text-sm font-medium text-slate-800">Retry</legend>
        <Field label="Attempts" error={error("retry.maxAttempts")}>
          <Input type="number" min={1} max={20} value={step.retry.maxAttempts} onChange={(event) => patch({ retry: { ...step.retry, maxAttempts: numberOf(event.target.value, 1) } }, "retry.maxAttempts")} />
        </Field>
        <Field label="Base ms" error={error("retry.baseDelayMs")}>
          <Input type="number" min={0} value={step.retry.baseDelayMs} onChange={(event) => patch({ retry: { ...step.retry, baseDelayMs: numberOf(event.target.value, 0) } }, "retry.baseDelayMs")} />
        </Field>
        <Field label="Max ms" error={error("retry.maxDelayMs")}>
          <Input type="number" min={0} value={step.retry.maxDelayMs} onChange={(event) => patch({ retry: { ...step.retry, maxDelayMs: numberOf(event.target.value, 0) } }, "retry.maxDelayMs")} />
        </Field>
      </fieldset>
      <Field label="Timeout (seconds)" error={error("timeoutMs")}>
        <Input type="number" min={1} max={21600} value={Math.round(step.timeoutMs / 1000)} onChange={(event) => patch({ timeoutMs: numberOf(event.target.value, 1) * 1000 }, "timeoutMs")} />
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={step.critical} onChange={(event) => patch({ critical: event.target.checked }, "critical")} className="h-4 w-4 rounded border-slate-300" />
        Critical (a failure stops the stream)
      </label>
      <Button type="button" variant="secondary" size="sm" className="text-red-700" onClick={onRemove}>
        Remove step
      </Button>
    </div>
  );
}

function InputPanel({
  input,
  files,
  dataSources,
  error,
  apply,
  onRemove,
}: {
  input: InputNodeDraft;
  files: StreamEditorProps["files"];
  dataSources: StreamEditorProps["dataSources"];
  error: (field: string) => string | undefined;
  apply: Apply;
  onRemove: () => void;
}) {
  const patch = (values: Partial<InputNodeDraft>, field: string) => apply((current) => updateInput(current, input.id, values), `${input.id}:${field}`);
  return (
    <div className="space-y-3" data-testid="input-panel">
      <h2 className="text-sm font-semibold text-slate-900">{INPUT_KIND_LABELS[input.kind]}</h2>
      {input.kind === "parameter" ? (
        <>
          <Field label="Parameter name" error={error("value")} hint="The run asks for a file for it">
            <Input value={input.value} className="font-mono" onChange={(event) => patch({ value: event.target.value }, "value")} />
          </Field>
          <Field label="Description">
            <Input value={input.description} onChange={(event) => patch({ description: event.target.value }, "description")} />
          </Field>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" checked={input.required} onChange={(event) => patch({ required: event.target.checked }, "required")} className="h-4 w-4 rounded border-slate-300" />
            Required
          </label>
        </>
      ) : input.kind === "file" ? (
        <Field label="File" error={error("value")}>
          <Select value={input.value} onChange={(event) => patch({ value: event.target.value }, "value")}>
            <option value="">Choose a file…</option>
            {files.map((file) => (
              <option key={file.id} value={file.id}>
                {file.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : input.kind === "inbox" ? (
        <Field label="Inbox" error={error("value")} hint="The newest ready file in this inbox when the run starts">
          <Input value={input.value} onChange={(event) => patch({ value: event.target.value }, "value")} />
        </Field>
      ) : (
        <>
          <Field label="Data source" error={error("value")}>
            <Select value={input.value} onChange={(event) => patch({ value: event.target.value }, "value")}>
              <option value="">Choose a data source…</option>
              {dataSources.map((source) => (
                <option key={source.id} value={source.id}>
                  {source.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Query (SQL sources)" error={error("query")}>
            <Textarea value={input.query} rows={3} className="font-mono text-xs" onChange={(event) => patch({ query: event.target.value }, "query")} />
          </Field>
        </>
      )}
      <Field label="Adapter (optional)" error={error("adapter")} hint="A format adapter, e.g. shopify_orders">
        <Input value={input.adapter} className="font-mono" onChange={(event) => patch({ adapter: event.target.value }, "adapter")} />
      </Field>
      <Button type="button" variant="secondary" size="sm" className="text-red-700" onClick={onRemove}>
        Remove input
      </Button>
    </div>
  );
}

function SettingsPanel({ draft, error, apply }: { draft: StreamDraft; error: (field: string) => string | undefined; apply: Apply }) {
  const patch = (values: Partial<StreamDraft>, field: string) => apply((current) => ({ ...current, ...values }), `settings:${field}`);
  const parameters = draft.inputs.filter((input) => input.kind === "parameter");
  return (
    <div className="space-y-3" data-testid="settings-panel">
      <h2 className="text-sm font-semibold text-slate-900">Stream settings</h2>
      <Field label="Stream name" error={error("name")} required>
        <Input value={draft.name} maxLength={200} onChange={(event) => patch({ name: event.target.value }, "name")} />
      </Field>
      <Field label="Description">
        <Textarea value={draft.description} rows={2} onChange={(event) => patch({ description: event.target.value }, "description")} />
      </Field>
      <Field label="Failure policy" error={error("failurePolicy")}>
        <Select value={draft.failurePolicy} onChange={(event) => patch({ failurePolicy: event.target.value as StreamDraft["failurePolicy"] }, "failurePolicy")}>
          <option value="STOP_ON_FAILURE">Stop on any failure</option>
          <option value="CONTINUE_ON_NONCRITICAL">Continue past non-critical failures</option>
        </Select>
      </Field>
      <Field label="Keep artifacts (days)" error={error("retentionDays")}>
        <Input type="number" min={1} max={3650} value={draft.retentionDays} onChange={(event) => patch({ retentionDays: numberOf(event.target.value, 90) }, "retentionDays")} />
      </Field>
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={draft.matchedArtifact} onChange={(event) => patch({ matchedArtifact: event.target.checked }, "matchedArtifact")} className="h-4 w-4 rounded border-slate-300" />
        Also write matched rows as an artifact
      </label>
      <div>
        <h3 className="text-sm font-medium text-slate-800">Run parameters</h3>
        {parameters.length === 0 ? (
          <p className="text-sm text-slate-500">None. Add a “File parameter” input to ask for a file when a run starts.</p>
        ) : (
          <ul className="mt-1 space-y-0.5 text-sm text-slate-700">
            {parameters.map((input) => (
              <li key={input.id}>
                <span className="font-mono">{input.value}</span>
                {input.required ? "" : " (optional)"}
                {input.description ? ` — ${input.description}` : ""}
              </li>
            ))}
          </ul>
        )}
        {error("parameters") ? <p className="text-sm text-red-700">{error("parameters")}</p> : null}
      </div>
    </div>
  );
}
