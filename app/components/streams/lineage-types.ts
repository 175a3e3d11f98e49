/** A run's lineage as the page gets it: nodes (files, step runs, artifacts) and the edges between them. */
export interface LineageNodeView {
  id: string;
  type: "file" | "step_run" | "artifact";
  label: string;
  details: Record<string, unknown>;
}
export interface LineageEdgeView {
  id: string;
  from: string;
  to: string;
  kind: "input" | "output" | "dependency";
}
