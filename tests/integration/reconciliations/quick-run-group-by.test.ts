import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationFailed } from "~/core/errors/domain-errors";
import { ruleSetDefinitionSchema, type RuleSetDefinition } from "~/core/engine/rule-set";
import { serializeReconciliation } from "~/api/views/reconciliations";
import { startQuickRun } from "~/modules/reconciliations/quick-run.server";
import { getReconciliation } from "~/modules/reconciliations/reconciliations.server";
import { previewDraftDefinition } from "~/modules/rule-sets/preview.server";
import type { AnswerKey } from "../../support/ecommerce-fixtures";
import { ordersVsCharges } from "../../support/ecommerce-rule-sets";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, uploadFixture, waitFor } from "../../support/streams";
import { apiClient, startWebApp } from "../../support/web";

/**
 * A Shopify order export read as a plain table (its adapter turned off), so
 * an order is a first row and one row per further line item, grouped in the
 * rule set: one row per Name. Its Total is the first row's; the quantities
 * are summed and the line items counted. The run must see one row per order
 * and land on the answer key's order-id outcomes.
 */
const SEED = 1;
let org: TestOrg;
let runner: Runner;
let ordersId: string;
let balanceId: string;

const answerKey = JSON.parse(gunzipSync(readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${SEED}`, "answer_key.json.gz"))).toString("utf8")) as AnswerKey & {
  sizes: { orders: number };
  orders_vs_charges: { orders: Record<string, { status: string; via?: string }> };
};

/** Per order, from the file's own text (the generator writes no quoted cells): its first line, Total, summed quantity and line-item count. */
function ordersFromFile(): Map<string, { lines: number[]; total: string; quantity: number; items: number }> {
  const text = gunzipSync(readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${SEED}`, "shopify_orders.csv.gz"))).toString("utf8");
  const [header, ...rows] = text.split("\n").filter((line) => line !== "");
  const columns = header!.split(",");
  const at = (name: string) => columns.indexOf(name);
  const orders = new Map<string, { lines: number[]; total: string; quantity: number; items: number }>();
  rows.forEach((row, index) => {
    const cells = row.split(",");
    const name = cells[at("Name")]!;
    const order = orders.get(name) ?? { lines: [], total: cells[at("Total")]!, quantity: 0, items: 0 };
    order.lines.push(index + 2);
    order.quantity += Number(cells[at("Lineitem quantity")]);
    order.items += 1;
    orders.set(name, order);
  });
  return orders;
}

/** The template's orders-vs-charges rules, with the source grouped instead of read through the Shopify adapter. */
function groupedDefinition(): RuleSetDefinition {
  const source = structuredClone(ordersVsCharges.source);
  // Continuation rows have no Payment Method: a filter on it would exclude them before grouping.
  delete source.filter;
  source.mappings.push({ field: "quantity", column: "Lineitem quantity", transforms: [{ op: "parseAmount", decimalSeparator: ".", thousandsSeparator: "", sign: "minus", minorUnits: 0 }] });
  source.mappings.push({ field: "items", column: "Lineitem sku", transforms: [] });
  source.groupBy = { keys: ["Name"], columns: { "Lineitem quantity": "sum", "Lineitem sku": "count" } };
  return ruleSetDefinitionSchema.parse({ ...ordersVsCharges, source, passes: [ordersVsCharges.passes[0]] });
}

beforeAll(async () => {
  const { baseUrl } = await startWebApp();
  org = await createTestOrg("Grouped Orders Ltd");
  runner = await startTestWorker(2);
  ordersId = await uploadFixture(baseUrl, org.keys.operator, SEED, "shopify_orders.csv");
  balanceId = await uploadFixture(baseUrl, org.keys.operator, SEED, "stripe_balance.csv");
  const api = apiClient(baseUrl, org.keys.operator);
  expect((await api.patch(`/api/v1/files/${ordersId}`, { format: { adapter: null } })).status).toBe(200);
  await waitFor(async () => {
    const file = (await (await api.get(`/api/v1/files/${ordersId}`)).json()) as { status: string; format: { adapter: string | null }; rowCount: number };
    return file.status === "ready" && file.format.adapter === null ? file : undefined;
  }, 60_000, "the orders file read as a plain table");
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

describe("a Shopify line-item export grouped by Name", () => {
  const orders = ordersFromFile();

  it("previews one row per order, with its first row's Total, summed quantity and line-item count", async () => {
    const preview = await previewDraftDefinition(org.ownerCtx, groupedDefinition(), { sourceFileId: ordersId, targetFileId: balanceId, limit: 10_000 });
    expect(preview.summary.source.rows).toBe(answerKey.sizes.orders);
    expect(orders.size).toBe(answerKey.sizes.orders);
    const rows = preview.matches.flatMap((match) => match.source);
    expect(rows.length).toBeGreaterThan(100);
    // Several line items in some of the listed orders, so the sums and counts are not all a single row's.
    expect(rows.some((row) => Number(row.values["items"]) > 1)).toBe(true);
    for (const row of rows) {
      const order = orders.get(String(row.values["id"]))!;
      const [whole, cents] = order.total.split(".");
      expect({ line: row.line, groupedLines: row.groupedLines, amount: row.values["amount"], quantity: row.values["quantity"], items: row.values["items"] }).toEqual({
        line: order.lines[0],
        // The lineage of a grouped row: every file line it stands for, only when there are several.
        groupedLines: order.lines.length > 1 ? order.lines : undefined,
        amount: Number(whole) * 100 + Number(cents),
        quantity: order.quantity,
        items: String(order.items),
      });
    }
  });

  it("stops the preview at a cell a sum cannot read, naming its file, line and column", async () => {
    const definition = groupedDefinition();
    definition.source.groupBy = { keys: ["Name"], columns: { "Lineitem quantity": "sum", "Lineitem name": "sum" } };
    const error = await previewDraftDefinition(org.ownerCtx, definition, { sourceFileId: ordersId, targetFileId: balanceId, limit: 10_000 }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ValidationFailed);
    const first = (error as ValidationFailed).errors[0];
    expect(first).toMatchObject({ pointer: "/definition/source/groupBy/columns/Lineitem name", file: ordersId, line: 2, field: "Lineitem name" });
    expect(first?.message).toContain('"Canvas Tote" cannot be summed');
  });

  it("runs through Quick Run to the answer key's order-id outcomes", async () => {
    const started = await startQuickRun(org.ownerCtx, { name: "Orders grouped by Name", sourceFileId: ordersId, targetFileId: balanceId, definition: groupedDefinition() });
    const done = await waitFor(async () => {
      const view = await getReconciliation(org.ownerCtx, started.reconciliation.id);
      return view.status === "completed" || view.status === "failed" ? view : undefined;
    }, 120_000, "the quick run to end");
    const api = serializeReconciliation(done);
    expect(api.status).toBe("completed");
    const byOrderId = Object.values(answerKey.orders_vs_charges.orders).filter((order) => order.via === "order id");
    expect(api.summary).toMatchObject({
      sourceRows: answerKey.sizes.orders,
      matched: byOrderId.filter((order) => order.status === "MATCHED").length,
    });
    expect(api.summary?.exceptionsByType["AMOUNT_MISMATCH"]).toBe(byOrderId.filter((order) => order.status === "AMOUNT_MISMATCH").length);
  });
});
