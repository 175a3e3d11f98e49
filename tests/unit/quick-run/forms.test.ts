import { describe, expect, it } from "vitest";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { parsePreviewForm, parseRunForm } from "~/http/forms/quick-run-forms.server";

const definition = {
  source: { mappings: [{ field: "id", column: "Order" }] },
  target: { mappings: [{ field: "id", column: "ref" }] },
  passes: [{ name: "by id", keys: ["id"] }],
};

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

function problemsOf(read: () => unknown): Array<{ pointer?: string; message: string }> {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).errors;
  }
  throw new Error("expected a ValidationFailed");
}

describe("the Quick Run forms", () => {
  it("reads a run: trimmed name, both files and the draft with the schema's defaults", () => {
    const run = parseRunForm(form({ name: "  March  ", sourceFileId: "file_a", targetFileId: "file_b", definition: JSON.stringify(definition) }));
    expect(run.name).toBe("March");
    expect(run.definition.passes[0]).toMatchObject({ name: "by id", cardinality: "1:1", keys: ["id"] });
  });

  it("reports every problem of a run at once, each with its pointer", () => {
    const broken = { ...definition, passes: [{ name: "", keys: ["id"], date: { windowDays: 400 } }] };
    const problems = problemsOf(() => parseRunForm(form({ name: " ", sourceFileId: "file_a", targetFileId: "file_a", definition: JSON.stringify(broken) })));
    expect(problems.map((problem) => problem.pointer)).toEqual(["/name", "/targetFileId", "/definition/passes/0/name", "/definition/passes/0/date/windowDays"]);
  });

  it("says so when the draft is not JSON", () => {
    expect(problemsOf(() => parsePreviewForm(form({ sourceFileId: "file_a", targetFileId: "file_b", definition: "{" })))).toEqual([{ pointer: "/definition", message: "is not valid JSON" }]);
  });

  it("keeps the preview's sample within the service's limit", () => {
    expect(problemsOf(() => parsePreviewForm(form({ sourceFileId: "file_a", targetFileId: "file_b", limit: "1000000", definition: JSON.stringify(definition) }))).map((problem) => problem.pointer)).toEqual(["/limit"]);
    expect(parsePreviewForm(form({ sourceFileId: "file_a", targetFileId: "file_b", definition: JSON.stringify(definition) })).limit).toBe(1000);
  });
});
