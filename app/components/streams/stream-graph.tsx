import { Background, Controls, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { useMemo } from "react";
import type { StreamDefinition } from "~/modules/streams";
import { definitionToDraft } from "~/modules/streams";
import { flowOf, nodeTypes } from "./flow-nodes";

/** A stream's pipeline, read-only: the same boxes as the editor, nothing movable or connectable. */
export function StreamGraph({
  definition,
  ruleSets,
  height = 420,
}: {
  definition: StreamDefinition;
  ruleSets: Array<{ id: string; name: string }>;
  height?: number;
}) {
  const flow = useMemo(() => {
    const draft = definitionToDraft(definition, { name: "", description: null });
    return flowOf(draft, {
      problems: [],
      ruleSetLabel: (id, version) => `${ruleSets.find((entry) => entry.id === id)?.name ?? id} · ${version === null ? "latest" : `v${version}`}`,
    });
  }, [definition, ruleSets]);
  return (
    <ReactFlowProvider>
      <div className="rounded-lg border border-slate-200 bg-white" style={{ height }} data-testid="stream-graph">
        <ReactFlow
          nodes={flow.nodes}
          edges={flow.edges}
          nodeTypes={nodeTypes}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          fitView
          fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
          minZoom={0.2}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
    </ReactFlowProvider>
  );
}
