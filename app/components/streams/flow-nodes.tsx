import { Handle, MarkerType, Position, type Edge, type Node, type NodeProps } from "@xyflow/react";
import type { EditorProblem, InputKind, StepOutput, StreamDraft } from "~/modules/streams";
import { INPUT_KIND_LABELS, SIDES, STEP_OUTPUT_LABELS, STEP_OUTPUTS, edgeLabel, stepNodeId } from "~/modules/streams";
import { cn } from "~/components/ui/cn";

/**
 * The boxes of a stream graph: input nodes (where a file comes from) with one
 * outgoing handle, and step nodes with two incoming handles (source, target)
 * and one outgoing handle per output. Problems show as a red marker with the
 * message on the node itself.
 */
export type StepNodeData = {
  name: string;
  stepKey: string;
  ruleSetLabel: string;
  critical: boolean;
  problems: EditorProblem[];
};
export type InputNodeData = {
  kind: InputKind;
  value: string;
  adapter: string;
  problems: EditorProblem[];
};
export type StepFlowNode = Node<StepNodeData, "streamStep">;
export type InputFlowNode = Node<InputNodeData, "streamInput">;
export type StreamFlowNode = StepFlowNode | InputFlowNode;

function ProblemMarker({ problems, label }: { problems: EditorProblem[]; label: string }) {
  if (problems.length === 0) return null;
  const errors = problems.filter((problem) => problem.severity === "error").length;
  return (
    <div className="mt-2 rounded border border-red-200 bg-red-50 px-2 py-1 text-xs text-red-800" role="status" data-testid="node-problems">
      <p className="flex items-center gap-1 font-semibold">
        <span aria-hidden="true" className="inline-flex h-4 w-4 items-center justify-center rounded-full bg-red-600 text-[10px] font-bold text-white">
          !
        </span>
        <span>
          {errors > 0 ? `${errors} problem${errors === 1 ? "" : "s"}` : "Warnings"}
          <span className="sr-only"> in {label}</span>
        </span>
      </p>
      <ul className="mt-0.5 list-disc pl-4">
        {problems.slice(0, 4).map((problem, index) => (
          <li key={index}>{problem.message}</li>
        ))}
        {problems.length > 4 ? <li>and {problems.length - 4} more</li> : null}
      </ul>
    </div>
  );
}

const handleClass = "!h-3.5 !w-3.5 !border-2 !border-white";

/** Ports sit at fixed offsets below a fixed-height header, so problem text below them never moves a handle. */
const PORT_TOP = 78;
const PORT_ROW = 22;

export function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const invalid = data.problems.some((problem) => problem.severity === "error");
  return (
    <div
      className={cn(
        "w-60 rounded-lg border-2 bg-white px-3 py-2 shadow-sm",
        invalid ? "border-red-500" : selected ? "border-indigo-500" : "border-slate-300",
      )}
      data-testid={`node-${data.stepKey}`}
      data-invalid={invalid || undefined}
    >
      <div className="h-[62px] overflow-hidden">
        <p className="text-[10px] font-semibold uppercase tracking-wide text-slate-500">Step{data.critical ? "" : " · non-critical"}</p>
        <p className="truncate text-sm font-semibold text-slate-900">{data.name || "(unnamed)"}</p>
        <p className="truncate text-xs text-slate-700">
          <span className="font-mono">{data.stepKey}</span> · {data.ruleSetLabel || "No rule set"}
        </p>
      </div>
      <div className="relative h-[70px] text-[11px] text-slate-600">
        {SIDES.map((side, index) => (
          <p key={side} className="absolute left-0" style={{ top: index * PORT_ROW }}>
            {side}
          </p>
        ))}
        {STEP_OUTPUTS.map((output, index) => (
          <p key={output} className="absolute right-0" style={{ top: index * PORT_ROW }}>
            {STEP_OUTPUT_LABELS[output]}
          </p>
        ))}
      </div>
      {SIDES.map((side, index) => (
        <Handle
          key={side}
          type="target"
          id={side}
          position={Position.Left}
          className={cn(handleClass, "!bg-sky-600")}
          style={{ top: PORT_TOP + index * PORT_ROW }}
          title={`${data.name}: ${side} input`}
        />
      ))}
      {STEP_OUTPUTS.map((output: StepOutput, index) => (
        <Handle
          key={output}
          type="source"
          id={output}
          position={Position.Right}
          className={cn(handleClass, output === "matched" ? "!bg-emerald-600" : "!bg-amber-600")}
          style={{ top: PORT_TOP + index * PORT_ROW }}
          title={`${data.name}: ${STEP_OUTPUT_LABELS[output]} output`}
        />
      ))}
      <ProblemMarker problems={data.problems} label={data.name} />
    </div>
  );
}

export function InputNode({ data, selected, id }: NodeProps<InputFlowNode>) {
  const invalid = data.problems.some((problem) => problem.severity === "error");
  return (
    <div
      className={cn(
        "w-52 rounded-lg border-2 bg-slate-50 px-3 py-2 shadow-sm",
        invalid ? "border-red-500" : selected ? "border-indigo-500" : "border-slate-300",
      )}
      data-testid={`node-${id}`}
      data-invalid={invalid || undefined}
    >
      <p className="text-[10px] font-semibold uppercase tracking-wide text-slate-500">{INPUT_KIND_LABELS[data.kind]}</p>
      <p className="truncate font-mono text-sm text-slate-900">{data.value || "(not set)"}</p>
      {data.adapter ? <p className="truncate text-xs text-slate-600">adapter {data.adapter}</p> : null}
      <Handle
        type="source"
        id="out"
        position={Position.Right}
        className={cn(handleClass, "!bg-sky-600")}
        title={`${INPUT_KIND_LABELS[data.kind]} ${data.value}: output`}
      />
      <ProblemMarker problems={data.problems} label={data.value} />
    </div>
  );
}

// Not "input": React Flow styles its built-in node types by those names.
export const nodeTypes = { streamStep: StepNode, streamInput: InputNode };

/** Nodes and edges of a draft, for the editor and the read-only view alike. */
export function flowOf(
  draft: StreamDraft,
  options: { problems: EditorProblem[]; ruleSetLabel: (id: string, version: number | null) => string; selectedId?: string | null },
): { nodes: StreamFlowNode[]; edges: Edge[] } {
  const problemsOf = (nodeId: string) => options.problems.filter((problem) => problem.nodeId === nodeId);
  const nodes: StreamFlowNode[] = [
    ...draft.inputs.map(
      (input): InputFlowNode => ({
        id: input.id,
        type: "streamInput",
        position: draft.positions[input.id] ?? { x: 0, y: 0 },
        data: { kind: input.kind, value: input.value, adapter: input.adapter, problems: problemsOf(input.id) },
        selected: options.selectedId === input.id,
        initialWidth: 208,
        initialHeight: 72,
        ariaLabel: `${INPUT_KIND_LABELS[input.kind]} ${input.value}`,
      }),
    ),
    ...draft.steps.map((step): StepFlowNode => {
      const id = stepNodeId(step);
      return {
        id,
        type: "streamStep",
        position: draft.positions[id] ?? { x: 0, y: 0 },
        data: { name: step.name, stepKey: step.key, ruleSetLabel: options.ruleSetLabel(step.ruleSetId, step.ruleSetVersion), critical: step.critical, problems: problemsOf(id) },
        selected: options.selectedId === id,
        initialWidth: 240,
        initialHeight: 160,
        ariaLabel: `Step ${step.name}`,
      };
    }),
  ];
  const edges: Edge[] = [];
  for (const step of draft.steps) {
    for (const side of SIDES) {
      const connection = step.inputs[side];
      if (!connection) continue;
      const id = `edge:${step.id}:${side}`;
      edges.push({
        id,
        source: connection.from === "input" ? connection.nodeId : `step:${connection.stepId}`,
        sourceHandle: connection.from === "input" ? "out" : connection.output,
        target: stepNodeId(step),
        targetHandle: side,
        label: edgeLabel(connection, side),
        selected: options.selectedId === id,
        markerEnd: { type: MarkerType.ArrowClosed },
        labelBgPadding: [4, 2],
        className: connection.from === "step" ? "stream-edge-output" : "stream-edge-input",
      });
    }
  }
  return { nodes, edges };
}
