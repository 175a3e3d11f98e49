import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createReconciliationOp, getReconciliationOp, listReconciliationsOp, startReconciliationOp } from "~/api/contracts/reconciliations";
import { apiClient, startWebApp } from "../../support/web";

/**
 * Freezes the classic reconciliation API: the OpenAPI fragment of
 * /api/v1/reconciliations* (with every schema it references) and example
 * payloads must stay exactly as committed in classic-api.contract.json.
 * A breaking change fails here; an intended, additive one is accepted by
 * re-running with UPDATE_CONTRACT=1 and reviewing the diff of the file.
 */
const SNAPSHOT = path.resolve("tests/integration/reconciliations/classic-api.contract.json");

type Json = Record<string, unknown>;
let document: { paths: Record<string, Json>; components: { schemas: Record<string, Json> } };

beforeAll(async () => {
  const { baseUrl } = await startWebApp();
  document = (await (await apiClient(baseUrl).get("/api/v1/openapi.json")).json()) as typeof document;
});

/** The paths and, transitively, every component schema they reference. */
function fragment() {
  const paths = Object.fromEntries(Object.entries(document.paths).filter(([route]) => route.startsWith("/api/v1/reconciliations")).sort(([a], [b]) => a.localeCompare(b)));
  const schemas: Record<string, Json> = {};
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const name = value.replace("#/components/schemas/", "");
        if (!(name in schemas)) {
          schemas[name] = document.components.schemas[name]!;
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  visit(paths);
  return { paths, schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))) };
}

const examples = {
  createRequest: { name: "Orders vs charges, March", sourceFileId: "file_01", targetFileId: "file_02", ruleSetId: "rs_01", sourceAdapter: "shopify_orders" },
  completed: {
    id: "rec_01",
    object: "reconciliation",
    name: "Orders vs charges, March",
    status: "completed",
    sourceFileId: "file_01",
    targetFileId: "file_02",
    ruleSetId: "rs_01",
    sourceAdapter: "shopify_orders",
    targetAdapter: null,
    summary: { sourceRows: 2000, targetRows: 2028, matched: 1876, unmatchedSource: 85, unmatchedTarget: 76, exceptionsByType: { MISSING_IN_TARGET: 41, AMOUNT_MISMATCH: 44, MISSING_IN_SOURCE: 20, DUPLICATE: 6 } },
    streamId: "str_01",
    streamRunId: "run_01",
    stepRunId: "srun_01",
    createdBy: "ERP export",
    createdAt: "2026-11-25T10:00:00.000Z",
    updatedAt: "2026-11-25T10:00:01.000Z",
    startedAt: "2026-11-25T10:00:01.000Z",
    finishedAt: "2026-11-25T10:00:09.000Z",
  },
};

describe("the classic reconciliation API contract", () => {
  it("matches the committed OpenAPI fragment and examples", () => {
    const current = { fragment: fragment(), examples };
    if (process.env.UPDATE_CONTRACT === "1" || !existsSync(SNAPSHOT)) writeFileSync(SNAPSHOT, `${JSON.stringify(current, null, 2)}\n`);
    expect(current).toEqual(JSON.parse(readFileSync(SNAPSHOT, "utf8")));
  });

  it("covers list, create, get and start", () => {
    expect(Object.entries(fragment().paths).flatMap(([route, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${route}`)).sort()).toEqual([
      "GET /api/v1/reconciliations",
      "GET /api/v1/reconciliations/{id}",
      "POST /api/v1/reconciliations",
      "POST /api/v1/reconciliations/{id}/start",
    ]);
    expect([listReconciliationsOp, createReconciliationOp, getReconciliationOp, startReconciliationOp].map((operation) => operation.operationId)).toEqual([
      "listReconciliations",
      "createReconciliation",
      "getReconciliation",
      "startReconciliation",
    ]);
  });

  it("still accepts the example request and returns the example response shape unchanged", () => {
    expect(createReconciliationOp.body!.parse(examples.createRequest)).toEqual(examples.createRequest);
    const responseSchema = getReconciliationOp.responses[200]!.schema!;
    expect(responseSchema.parse(examples.completed)).toEqual(examples.completed);
    expect(startReconciliationOp.responses[202]!.schema!.parse({ ...examples.completed, status: "running", summary: null, finishedAt: null })).toMatchObject({ status: "running" });
  });
});
