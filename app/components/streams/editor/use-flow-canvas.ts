import { useReactFlow, type Connection as FlowConnection, type EdgeChange, type NodeChange } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from "react";
import { connect, stepNodeId, type EditorProblem, type StepOutput, type StreamDraft } from "~/modules/streams";
import { flowOf } from "../flow-nodes";
import type { Apply, StreamEditorProps } from "./editor-types";
import type { HistoryAction } from "./history";

interface CanvasInput {
  draft: StreamDraft;
  problems: EditorProblem[];
  ruleSets: StreamEditorProps["ruleSets"];
  selectedId: string | null;
  setSelectedId: Dispatch<SetStateAction<string | null>>;
  apply: Apply;
  dispatch: Dispatch<HistoryAction>;
}

/**
 * The React Flow side of the editor: nodes and edges drawn from the draft,
 * and canvas events (select, drag, connect) turned into draft edits. A drag
 * is one undo step: a checkpoint when it starts, transient moves after.
 */
export function useFlowCanvas({ draft, problems, ruleSets, selectedId, setSelectedId, apply, dispatch }: CanvasInput) {
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});
  const dragging = useRef(false);
  const { fitView } = useReactFlow();
  const nodeCount = draft.inputs.length + draft.steps.length;
  useEffect(() => {
    // A node added by button may land outside the view; bring the whole graph back into it once it is measured.
    const timer = setTimeout(() => void fitView({ padding: 0.15, maxZoom: 1 }), 60);
    return () => clearTimeout(timer);
  }, [nodeCount, fitView]);

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

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
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
    },
    [setSelectedId, dispatch],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      for (const change of changes) {
        if (change.type === "select") setSelectedId((current) => (change.selected ? change.id : current === change.id ? null : current));
      }
    },
    [setSelectedId],
  );

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

  return { nodes, edges: flow.edges, onNodesChange, onEdgesChange, onConnect, stepOfNode };
}
