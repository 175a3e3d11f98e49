import { describe, expect, it } from "vitest";
import { streamDefinitionSchema, type StreamDefinition } from "~/core/streams/definition";
import { diffDefinitions } from "~/modules/streams/definition/definition-diff";
import {
  addInput,
  addStep,
  connect,
  definitionToDraft,
  draftProblems,
  draftToDefinition,
  placePointer,
  removeNode,
  stepNodeId,
  updateInput,
  updateStep,
} from "~/modules/streams/definition/editor-model";

/** The visual editor's model: definitions round-trip through it, and problems land on the right node and field. */
const pipeline: StreamDefinition = streamDefinitionSchema.parse({
  settings: {
    parameters: [
      { name: "payouts", description: "Stripe payouts" },
      { name: "bank", description: "Bank statement", required: false },
    ],
    layout: { nodes: { by_reference: { x: 400, y: 10 }, "in:parameter:payouts": { x: 0, y: 0 } } },
  },
  steps: [
    { key: "by_reference", name: "By reference", ruleSetId: "rs_1", inputs: { source: { kind: "FILE", parameter: "payouts" }, target: { kind: "FILE", parameter: "bank", adapter: "bank_csv" } } },
    {
      key: "by_amount",
      name: "By amount",
      ruleSetId: "rs_2",
      ruleSetVersion: 3,
      critical: false,
      inputs: { source: { kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "by_reference" }, target: { kind: "STEP_OUTPUT_UNMATCHED_TARGET", stepKey: "by_reference" } },
    },
  ],
});

describe("editor model", () => {
  it("round-trips a definition: each distinct input becomes one node, positions come back in the layout", () => {
    const draft = definitionToDraft(pipeline, { name: "Payouts", description: null });
    expect(draft.inputs.map((input) => [input.id, input.kind, input.value, input.adapter])).toEqual([
      ["in:parameter:payouts", "parameter", "payouts", ""],
      // Read only through its adapter: that node alone, with no bare (unconnected) node beside it.
      ["in:parameter:bank@bank_csv", "parameter", "bank", "bank_csv"],
    ]);
    expect(draft.inputs[1]).toMatchObject({ description: "Bank statement", required: false });
    const back = draftToDefinition(draft)!;
    expect(back.steps).toEqual(pipeline.steps);
    expect(back.settings.layout.nodes.by_reference).toEqual({ x: 400, y: 10 });
    expect(back.settings.layout.nodes["in:parameter:payouts"]).toEqual({ x: 0, y: 0 });
  });

  it("marks unconnected inputs and a missing rule set on the step node and its fields, and refuses to build a definition", () => {
    let draft = definitionToDraft(pipeline, { name: "Payouts", description: null });
    const { draft: withStep, stepId } = addStep(draft);
    draft = withStep;
    const nodeId = stepNodeId({ id: stepId });
    expect(draftProblems(draft).filter((problem) => problem.nodeId === nodeId).map((problem) => [problem.field, problem.message])).toEqual([
      ["ruleSetId", "Choose a rule set"],
      ["inputs.source", "Connect the source input"],
      ["inputs.target", "Connect the target input"],
    ]);
    expect(draftToDefinition(draft)).toBeNull();

    draft = updateStep(draft, stepId, { ruleSetId: "rs_3" });
    draft = connect(draft, stepId, "source", { from: "step", stepId: draft.steps[1]!.id, output: "unmatched_source" });
    draft = connect(draft, stepId, "target", { from: "input", nodeId: "in:parameter:bank@bank_csv" });
    expect(draftProblems(draft)).toEqual([]);
    expect(draftToDefinition(draft)!.steps[2]!.inputs).toEqual({ source: { kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "by_amount" }, target: { kind: "FILE", parameter: "bank", adapter: "bank_csv" } });
  });

  it("reports a cycle from the graph check on the step where it starts", () => {
    let draft = definitionToDraft(pipeline, { name: "Payouts", description: null });
    draft = connect(draft, draft.steps[0]!.id, "source", { from: "step", stepId: draft.steps[1]!.id, output: "matched" });
    const problems = draftProblems(draft);
    expect(problems).toEqual([
      // Rewiring the source left the payouts parameter unread: flagged on its node too.
      { nodeId: "in:parameter:payouts", field: "value", severity: "warning", message: "run parameter 'payouts' (node in:parameter:payouts) is connected to no step: connect it to a step's input or remove it" },
      { nodeId: stepNodeId(draft.steps[0]!), field: null, severity: "error", message: "steps form a cycle: by_reference → by_amount → by_reference" },
    ]);
  });

  it("keeps connections by step identity when a key is renamed, and clears them when a node is removed", () => {
    let draft = definitionToDraft(pipeline, { name: "Payouts", description: null });
    draft = updateStep(draft, draft.steps[0]!.id, { key: "reference" });
    expect(draftToDefinition(draft)!.steps[1]!.inputs.source).toEqual({ kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "reference" });
    draft = removeNode(draft, stepNodeId(draft.steps[0]!));
    expect(draft.steps.map((step) => [step.key, step.inputs.source, step.inputs.target])).toEqual([["by_amount", null, null]]);
  });

  it("declares parameter nodes as run parameters and flags a duplicate or badly named one on its node", () => {
    let draft = definitionToDraft(pipeline, { name: "Payouts", description: null });
    const { draft: withInput, nodeId } = addInput(draft, "parameter");
    draft = updateInput(withInput, nodeId, { value: "payouts" });
    expect(draftProblems(draft)).toEqual([{ nodeId, field: "value", severity: "error", message: "Parameter 'payouts' is declared twice" }]);
    draft = updateInput(draft, nodeId, { value: "9lives" });
    expect(draftProblems(draft)[0]).toMatchObject({ nodeId, field: "value" });
  });

  it("places server pointers: step fields, input values through the connection, settings", () => {
    const draft = definitionToDraft(pipeline, { name: "Payouts", description: null });
    expect(placePointer("/steps/1/ruleSetId", draft)).toEqual({ nodeId: stepNodeId(draft.steps[1]!), field: "ruleSetId" });
    expect(placePointer("/definition/steps/0/inputs/target", draft)).toEqual({ nodeId: stepNodeId(draft.steps[0]!), field: "inputs.target" });
    expect(placePointer("/steps/0/inputs/source/parameter", draft)).toEqual({ nodeId: "in:parameter:payouts", field: "value" });
    expect(placePointer("/settings/parameters/1", draft)).toEqual({ nodeId: "in:parameter:bank@bank_csv", field: "value" });
    expect(placePointer("/settings/retentionDays", draft)).toEqual({ nodeId: null, field: "retentionDays" });
    expect(placePointer("/steps/9/key", draft)).toEqual({ nodeId: null, field: "steps" });
  });
});

describe("definition diff", () => {
  it("lists added, removed and changed steps field by field, and settings, ignoring layout", () => {
    const after = streamDefinitionSchema.parse({
      ...pipeline,
      settings: { ...pipeline.settings, matchedArtifact: true, layout: { nodes: { by_reference: { x: 1, y: 1 } } } },
      steps: [
        { ...pipeline.steps[0]!, retry: { ...pipeline.steps[0]!.retry, maxAttempts: 5 }, inputs: { ...pipeline.steps[0]!.inputs, target: { kind: "FILE", parameter: "bank" } } },
        { ...pipeline.steps[1]!, key: "leftovers", inputs: pipeline.steps[1]!.inputs },
      ],
    });
    expect(diffDefinitions(pipeline, after)).toEqual({
      addedSteps: ["leftovers"],
      removedSteps: ["by_amount"],
      changedSteps: [
        {
          key: "by_reference",
          changes: [
            { field: "inputs.target.adapter", before: "bank_csv", after: "—" },
            { field: "retry.maxAttempts", before: "3", after: "5" },
          ],
        },
      ],
      settings: [{ field: "matchedArtifact", before: "false", after: "true" }],
      layoutOnly: false,
    });
  });

  it("says when only node positions moved", () => {
    const moved = { ...pipeline, settings: { ...pipeline.settings, layout: { nodes: { by_reference: { x: 9, y: 9 } } } } };
    expect(diffDefinitions(pipeline, moved)).toMatchObject({ addedSteps: [], removedSteps: [], changedSteps: [], settings: [], layoutOnly: true });
  });
});

describe("parameters read through two adapters", () => {
  it("are declared once, in order, described by their first node", () => {
    const draft = definitionToDraft(pipeline, { name: "Payouts", description: null });
    expect(draftToDefinition(draft)!.settings.parameters).toEqual(pipeline.settings.parameters);
  });
});
