import { describe, expect, it } from "vitest";
import { draftProblems, draftToDefinition, stepNodeId } from "~/modules/streams/definition/editor-model";
import { seedDraft } from "~/modules/streams/definition/seed-draft";

/** The new-stream wizard's "from scratch" start, as the editor receives it. */
describe("a draft seeded from the wizard", () => {
  it("has the name, one run-parameter node per file input and the empty steps, each placed apart", () => {
    const draft = seedDraft({ name: "Marketplace to bank", inputs: ["settlement", "bank"], steps: 2 });
    expect(draft.name).toBe("Marketplace to bank");
    expect(draft.inputs.map((input) => [input.kind, input.value, input.required])).toEqual([
      ["parameter", "settlement", true],
      ["parameter", "bank", true],
    ]);
    expect(draft.steps.map((step) => step.key)).toEqual(["step_1", "step_2"]);
    const positions = [...draft.inputs.map((input) => input.id), ...draft.steps.map(stepNodeId)].map((id) => JSON.stringify(draft.positions[id]));
    expect(new Set(positions).size).toBe(4);
  });

  it("is not a definition yet: every step says on itself what it still needs", () => {
    const draft = seedDraft({ name: "x", inputs: ["a"], steps: 1 });
    expect(draftToDefinition(draft)).toBeNull();
    expect(draftProblems(draft).filter((problem) => problem.nodeId === stepNodeId(draft.steps[0]!)).map((problem) => problem.message)).toEqual([
      "Choose a rule set",
      "Connect the source input",
      "Connect the target input",
    ]);
  });

  it("with no inputs and no steps is the empty editor with a name", () => {
    const draft = seedDraft({ name: "Empty", inputs: [], steps: 0 });
    expect([draft.inputs.length, draft.steps.length, draft.name]).toEqual([0, 0, "Empty"]);
  });
});
