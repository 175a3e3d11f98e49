import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { streamDefinitionSchema } from "~/core/streams/definition";
import { addInput, definitionToDraft, draftProblems, draftToDefinition, SIDES } from "~/modules/streams/definition/editor-model";
import { findGraphProblems } from "~/modules/streams/definition/graph";
import { compilePack } from "~/modules/templates/packs/compile-pack";
import { packManifestSchema } from "~/modules/templates/packs/pack-schema";

/**
 * A stream made from a pack opens in the editor with every input node wired
 * to a step (no bare parameter node beside the one its steps read), its
 * canonical inputs survive a save, and an input no step reads is flagged,
 * located on its node.
 */
const PACKS = readdirSync("plugins", { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);

function compiledStreams(pack: string) {
  const manifest = packManifestSchema.parse(JSON.parse(readFileSync(path.join("plugins", pack, "reconstream-pack.json"), "utf8")));
  const { compiled, problems } = compilePack(manifest, {});
  expect(problems).toEqual([]);
  return compiled!.streams;
}

function unconnectedNodeIds(draft: ReturnType<typeof definitionToDraft>): string[] {
  const connected = new Set(draft.steps.flatMap((step) => SIDES.map((side) => step.inputs[side])).flatMap((connection) => (connection?.from === "input" ? [connection.nodeId] : [])));
  return draft.inputs.filter((input) => !connected.has(input.id)).map((input) => input.id);
}

describe("instantiating a pack", () => {
  it.each(PACKS)("%s: every stream's input nodes are connected, each run parameter is one node, and validation finds no orphan", (pack) => {
    const streams = compiledStreams(pack);
    expect(streams.length).toBeGreaterThan(0);
    for (const stream of streams) {
      const draft = definitionToDraft(stream.definition, { name: stream.name, description: stream.description });
      expect(unconnectedNodeIds(draft), stream.key).toEqual([]);
      const parameterNodes = draft.inputs.filter((input) => input.kind === "parameter").map((input) => input.value);
      expect(parameterNodes, stream.key).toEqual(stream.definition.settings.parameters.map((parameter) => parameter.name));
      expect(findGraphProblems(stream.definition), stream.key).toEqual([]);
      expect(draftProblems(draft), stream.key).toEqual([]);
      // A save in the editor gives back the same steps: canonical `accepts` included.
      expect(draftToDefinition(draft)!.steps, stream.key).toEqual(stream.definition.steps);
    }
  });
});

describe("validation of unconnected inputs", () => {
  const definition = streamDefinitionSchema.parse({
    settings: { parameters: [{ name: "orders" }, { name: "charges" }, { name: "stray", description: "Left over" }] },
    steps: [{ key: "orders_charges", name: "Orders to charges", ruleSetId: "rs_1", inputs: { source: { kind: "FILE", parameter: "orders" }, target: { kind: "FILE", parameter: "charges" } } }],
  });

  it("flags a declared run parameter no step reads, with its pointer and node id", () => {
    expect(findGraphProblems(definition)).toEqual([
      {
        stepKey: null,
        pointer: "/settings/parameters/2",
        severity: "warning",
        message: "run parameter 'stray' (node in:parameter:stray) is connected to no step: connect it to a step's input or remove it",
      },
    ]);
  });

  it("marks the unconnected parameter node in the editor, and a fixed file or inbox node no step reads", () => {
    let draft = definitionToDraft(definition, { name: "Orders", description: null });
    expect(draftProblems(draft)).toEqual([
      { nodeId: "in:parameter:stray", field: "value", severity: "warning", message: "run parameter 'stray' (node in:parameter:stray) is connected to no step: connect it to a step's input or remove it" },
    ]);
    const added = addInput(draft, "inbox");
    draft = added.draft;
    expect(draftProblems(draft).filter((problem) => problem.nodeId === added.nodeId).map((problem) => [problem.severity, problem.message])).toEqual([
      ["error", "Name the inbox"],
      ["warning", `This input (${added.nodeId}) is connected to no step; saving drops it`],
    ]);
  });
});
