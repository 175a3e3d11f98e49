import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { previewDraftDefinition } from "~/modules/rule-sets/preview.server";
import { getDb } from "~/platform/db/client";
import { ruleSets, ruleSetVersions } from "~/platform/db/schema";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * Issue #16: expressions such as `require("child_process")` or
 * `process.exit(1)` were accepted when a rule set was saved and failed only
 * when it ran. Every expression and pattern is now compiled at save, and a
 * problem names the JSON pointer of the field and the character position in it.
 */
let org: TestOrg;
let admin: ApiClient;

beforeAll(async () => {
  const { baseUrl } = await startWebApp();
  org = await createTestOrg("Careful Rules Inc");
  admin = apiClient(baseUrl, org.keys.admin);
});

type Json = Record<string, unknown>;

/** Orders against payments by id; `edit` changes one part. */
function definition(edit: (draft: { source: Json & { mappings: Json[] }; target: Json & { mappings: Json[] } }) => void = () => {}): Json {
  const draft = {
    source: {
      mappings: [
        { field: "id", column: "Order" },
        { field: "amount", column: "Total", transforms: [{ op: "parseAmount" }] },
      ] as Json[],
    } as Json & { mappings: Json[] },
    target: {
      mappings: [
        { field: "id", column: "order_id" },
        { field: "amount", column: "gross", transforms: [{ op: "parseAmount" }] },
      ] as Json[],
    } as Json & { mappings: Json[] },
  };
  edit(draft);
  return { ...draft, passes: [{ name: "by id", keys: ["id"] }] };
}

async function savedRuleSetCount(): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(ruleSets).where(eq(ruleSets.orgId, org.orgId));
  return row!.n;
}

async function createProblem(body: Json): Promise<Json> {
  const response = await admin.post("/api/v1/rule-sets", body);
  expect(response.status, await response.clone().text()).toBe(422);
  return problemOf(response);
}

describe("POST /api/v1/rule-sets compiles every expression and pattern", () => {
  it("rejects require() in a filter, at the filter's pointer and character 1, and stores nothing", async () => {
    const before = await savedRuleSetCount();
    const problem = await createProblem({ name: "Escape attempt", definition: definition((draft) => (draft.source.filter = 'require("child_process")')) });
    expect(problem).toMatchObject({ type: "/problems/validation-failed", status: 422 });
    expect(problem.errors).toEqual([{ pointer: "/definition/source/filter", message: "unknown function 'require' (at character 1)", position: 1 }]);
    expect(await savedRuleSetCount()).toBe(before);
  });

  it("rejects process.exit(1) in an expression transform at the member access", async () => {
    const problem = await createProblem({
      name: "Exit attempt",
      definition: definition((draft) => (draft.target.mappings[0] = { field: "id", transforms: [{ op: "expression", expression: "process.exit(1)" }] })),
    });
    expect(problem.errors).toEqual([
      {
        pointer: "/definition/target/mappings/0/transforms/0/expression",
        message: 'member access is not allowed: expressions read columns by name, like `Order ID` or col("Order ID") (at character 8)',
        position: 8,
      },
    ]);
  });

  it("rejects a bare process and a syntax error, each at its own pointer and position", async () => {
    const problem = await createProblem({
      name: "Two problems",
      definition: definition((draft) => {
        draft.source.filter = "process = 1";
        draft.source.mappings[0] = { field: "id", column: "Order", transforms: [{ op: "expression", expression: "upper(value) ||" }] };
      }),
    });
    expect(problem.errors).toEqual([
      {
        pointer: "/definition/source/filter",
        message: "'process' is not available: expressions are not JavaScript and only read columns; a column named process is written `process` (at character 1)",
        position: 1,
      },
      {
        pointer: "/definition/source/mappings/0/transforms/0/expression",
        message: "the expression ends too early: expected a value (at character 16)",
        position: 16,
      },
    ]);
  });

  it("rejects a backreference in a regexExtract pattern at its position in the pattern", async () => {
    const problem = await createProblem({
      name: "Backreference",
      definition: definition((draft) => (draft.source.mappings[0] = { field: "id", column: "Order", transforms: [{ op: "regexExtract", pattern: "(\\d+)-\\1" }] })),
    });
    expect(problem.errors).toEqual([
      {
        pointer: "/definition/source/mappings/0/transforms/0/pattern",
        message: "backreferences such as \\1 are not supported: they cannot be matched in linear time (at character 7 of the pattern)",
        position: 7,
      },
    ]);
  });

  it("rejects lookaround inside an expression's regex at the pattern argument", async () => {
    const problem = await createProblem({ name: "Lookahead", definition: definition((draft) => (draft.source.filter = 'regexMatch(Order, "SO(?=-)")')) });
    expect(problem.errors).toEqual([
      {
        pointer: "/definition/source/filter",
        message:
          "lookaround ('(?=') is not supported: it cannot be matched in linear time; capture the part you need with a group instead (at character 3 of the pattern) (at character 19)",
        position: 19,
      },
    ]);
  });

  it("accepts (a|a)+$, which RE2 matches in linear time", async () => {
    const response = await admin.post("/api/v1/rule-sets", {
      name: "Overlapping alternation",
      definition: definition((draft) => (draft.source.filter = 'not regexMatch(Order, "(a|a)+$")')),
    });
    expect(response.status, await response.clone().text()).toBe(201);
  });
});

describe("PATCH /api/v1/rule-sets/{id} compiles the new version's expressions", () => {
  it("rejects a forbidden expression and keeps the current version", async () => {
    const created = await admin.post("/api/v1/rule-sets", { name: "Versioned", definition: definition() });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const response = await admin.patch(`/api/v1/rule-sets/${id}`, { definition: definition((draft) => (draft.source.filter = "eval(1) = 1")) });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([{ pointer: "/definition/source/filter", message: "unknown function 'eval' (at character 1)", position: 1 }]);
    const [versions] = await getDb().select({ n: count() }).from(ruleSetVersions).where(eq(ruleSetVersions.ruleSetId, id));
    expect(versions!.n).toBe(1);
  });
});

describe("Quick Run's draft preview", () => {
  it("rejects a forbidden expression before reading any file", async () => {
    const draft = ruleSetDefinitionSchema.parse(definition((draft) => (draft.source.filter = 'require("fs")')));
    const error = await previewDraftDefinition(org.ownerCtx, draft, { sourceFileId: "file_none", targetFileId: "file_none", limit: 10 }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors).toEqual([{ pointer: "/definition/source/filter", message: "unknown function 'require' (at character 1)", position: 1 }]);
  });
});
