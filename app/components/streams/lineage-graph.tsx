import { Background, Controls, MarkerType, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps, Handle, Position } from "@xyflow/react";
import { useMemo, useState } from "react";
import { cn } from "~/components/ui/cn";
import { LineageDetails } from "./lineage-details";
import type { LineageEdgeView, LineageNodeView } from "./lineage-types";

/**
 * A run's lineage, read-only: input files → step runs → artifacts (and the
 * artifacts later steps read). Nodes are laid out in columns by their depth
 * in the graph; clicking (or Enter on) a node shows its details beside it.
 * It opens on the run's steps at a zoom whose text stays readable (about
 * 11 px and up) rather than squeezing a long pipeline into 6 px text; the
 * rest is a pan or a zoom-out away.
 */
export type { LineageEdgeView, LineageNodeView } from "./lineage-types";

type LineageFlowNode = Node<{ view: LineageNodeView }, "lineage">;

const TYPE_LABEL: Record<LineageNodeView["type"], string> = { file: "File", step_run: "Step run", artifact: "Artifact" };
const TYPE_STYLE: Record<LineageNodeView["type"], string> = {
  file: "border-sky-400 bg-sky-50",
  step_run: "border-indigo-400 bg-indigo-50",
  artifact: "border-emerald-400 bg-emerald-50",
};

function LineageNode({ data, selected }: NodeProps<LineageFlowNode>) {
  const { view } = data;
  const subtitle = view.type === "artifact" ? String(view.details.artifactType ?? "").toLowerCase().replace(/_/g, " ") : view.type === "step_run" ? `${String(view.details.name ?? "")} · ${String(view.details.state ?? "")}` : String(view.details.kind ?? "");
  return (
    <div className={cn("w-48 rounded-md border-2 px-2 py-1.5 text-xs shadow-sm", TYPE_STYLE[view.type], selected && "ring-2 ring-indigo-600")} data-testid={`lineage-node-${view.id}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <p className="text-[12px] font-semibold uppercase tracking-wide text-slate-600">{TYPE_LABEL[view.type]}</p>
      <p className="truncate text-[13px] font-medium text-slate-900">{view.label}</p>
      {subtitle ? <p className="truncate text-[13px] text-slate-700">{subtitle}</p> : null}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const nodeTypes = { lineage: LineageNode };

/** Column = longest path from a root; rows in the order the service lists nodes. */
function layout(nodes: LineageNodeView[], edges: LineageEdgeView[]): Map<string, { x: number; y: number }> {
  const incoming = new Map<string, string[]>();
  for (const edge of edges) incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge.from]);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    if (depth.has(id)) return depth.get(id)!;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const value = Math.max(-1, ...(incoming.get(id) ?? []).map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, value);
    return value;
  };
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    // Step runs with no recorded input yet (pending) still sit in the step column.
    const column = Math.max(depthOf(node.id), node.type === "step_run" ? 1 : node.type === "artifact" ? 2 : 0);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    positions.set(node.id, { x: column * 250, y: row * 80 });
  }
  return positions;
}

/** The default view's zoom floor: the nodes' 12–13 px text stays at 11 px or more. */
const READABLE_ZOOM = 0.9;

export function LineageGraph({ nodes, edges }: { nodes: LineageNodeView[]; edges: LineageEdgeView[] }) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const flow = useMemo(() => {
    const positions = layout(nodes, edges);
    const flowNodes: LineageFlowNode[] = nodes.map((view) => ({
      id: view.id,
      type: "lineage",
      position: positions.get(view.id) ?? { x: 0, y: 0 },
      data: { view },
      // Sizes before measurement, so fitView frames the whole graph on the first paint.
      initialWidth: 192,
      initialHeight: 64,
      ariaLabel: `${TYPE_LABEL[view.type]} ${view.label}`,
    }));
    const known = new Set(nodes.map((node) => node.id));
    const flowEdges: Edge[] = edges
      .filter((edge) => known.has(edge.from) && known.has(edge.to))
      .map((edge) => ({ id: edge.id, source: edge.from, target: edge.to, markerEnd: { type: MarkerType.ArrowClosed }, className: `lineage-edge-${edge.kind}` }));
    const stepNodes = nodes.filter((node) => node.type === "step_run").map((node) => ({ id: node.id }));
    return { nodes: flowNodes, edges: flowEdges, focus: stepNodes.length > 0 ? stepNodes : undefined };
  }, [nodes, edges]);
  const selected = nodes.find((node) => node.id === selectedId);
  const shownNodes = useMemo(() => flow.nodes.map((node) => (node.id === selectedId ? { ...node, selected: true } : node)), [flow.nodes, selectedId]);

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr),20rem]">
      <ReactFlowProvider>
        <div className="h-[440px] rounded-lg border border-slate-200 bg-white" data-testid="lineage-graph">
          <ReactFlow
            nodes={shownNodes}
            edges={flow.edges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            onNodeClick={(_, node) => setSelectedId(node.id)}
            onSelectionChange={({ nodes: picked }) => {
              if (picked[0]) setSelectedId(picked[0].id);
            }}
            onPaneClick={() => setSelectedId(null)}
            fitView
            fitViewOptions={{ nodes: flow.focus, padding: 0.15, minZoom: READABLE_ZOOM, maxZoom: 1 }}
            minZoom={0.2}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={16} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      </ReactFlowProvider>
      <aside className="rounded-lg border border-slate-200 bg-white p-4 text-sm" aria-label="Lineage node details" aria-live="polite" data-testid="lineage-details">
        {selected ? (
          <>
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{TYPE_LABEL[selected.type]}</p>
            <h3 className="break-words font-semibold text-slate-900">{selected.type === "step_run" ? String(selected.details.name ?? selected.label) : selected.label}</h3>
            <div className="mt-2">
              <LineageDetails node={selected} />
            </div>
            <p className="mt-3 break-all font-mono text-[11px] text-slate-500" title="Lineage id">
              {selected.id}
            </p>
          </>
        ) : (
          <p className="text-slate-600">Select a node to see its details: file checksums, step states, artifact row counts.</p>
        )}
      </aside>
    </div>
  );
}
