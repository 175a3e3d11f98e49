import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { listAuditEvents, verifyAuditChain } from "~/modules/audit/audit.server";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor, waitForRunEnd } from "../../support/streams";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * Carry-forward across two runs of the same stream step, with the real
 * worker: an item still missing in run 2 is the same case (assignee,
 * comments, age and in_review kept); an item whose counterpart arrived is
 * resolved as matched_in_later_run, linked to run 2.
 */
let baseUrl: string;
let org: TestOrg;
let runner: Runner;
let admin: ApiClient;
let operator: ApiClient;
let streamId: string;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
  admin = apiClient(baseUrl, org.keys.admin);
  operator = apiClient(baseUrl, org.keys.operator);
  runner = await startTestWorker(2);
  const { ruleSet } = await createRuleSet(org.ownerCtx, {
    name: "Orders vs payments",
    definition: ruleSetDefinitionSchema.parse({
      source: { mappings: [{ field: "id", column: "order_id" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "currency" }] },
      target: { mappings: [{ field: "id", column: "order_id" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "currency" }] },
      passes: [{ name: "by order id", keys: ["id"] }],
    }),
  });
  const created = await admin.post("/api/v1/streams", {
    name: "Daily orders vs payments",
    definition: {
      settings: { parameters: [{ name: "orders" }, { name: "payments" }] },
      steps: [{ key: "orders_payments", name: "Orders vs payments", ruleSetId: ruleSet.id, inputs: { source: { kind: "FILE", parameter: "orders" }, target: { kind: "FILE", parameter: "payments" } } }],
    },
  });
  expect(created.status).toBe(201);
  streamId = ((await created.json()) as { id: string }).id;
}, 60_000);

afterAll(async () => {
  await runner?.stop();
});

async function upload(name: string, csv: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([csv], { type: "text/csv" }), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${org.keys.operator}` } });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await waitFor(async () => {
    const file = (await (await operator.get(`/api/v1/files/${id}`)).json()) as { status: string };
    return file.status === "ready" ? true : undefined;
  }, 60_000, `profiling of ${name}`);
  return id;
}

async function runWith(orders: string, payments: string): Promise<string> {
  const started = await operator.post(`/api/v1/streams/${streamId}/runs`, { parameters: { orders, payments } });
  expect(started.status).toBe(202);
  const runId = ((await started.json()) as { id: string }).id;
  const ended = await waitForRunEnd(admin, runId);
  const steps = await (await admin.get(`/api/v1/stream-runs/${runId}/steps`)).json();
  expect(ended.state, JSON.stringify(steps)).toBe("succeeded");
  return runId;
}

interface ExceptionView {
  id: string;
  caseId: string;
  status: string;
  assigneeId: string | null;
  firstSeenAt: string;
  streamRunId: string;
  supersededById: string | null;
  resolution: { code: string; resolvedInRunId: string | null } | null;
  sourceRows: Array<{ values: Record<string, unknown> }>;
}

async function exceptionsOfRun(runId: string, extra = ""): Promise<ExceptionView[]> {
  const page = (await (await operator.get(`/api/v1/exceptions?streamRunId=${runId}&sort=created&includeSuperseded=true${extra}`)).json()) as { data: ExceptionView[] };
  return page.data;
}

const orderIdOf = (exception: ExceptionView) => String(exception.sourceRows[0]?.values.id);

describe("carry-forward across runs of the same stream step", () => {
  it("keeps a still-missing item's case and resolves the one whose counterpart arrived", async () => {
    const orders = await upload("orders.csv", "order_id,amount,currency\nO-1,10.00,EUR\nO-2,20.00,EUR\nO-3,30.00,EUR\n");
    const paymentsDay1 = await upload("payments-1.csv", "order_id,amount,currency\nO-1,10.00,EUR\n");
    const run1 = await runWith(orders, paymentsDay1);
    const first = await exceptionsOfRun(run1);
    expect(first.map((exception) => [orderIdOf(exception), exception.status])).toEqual([
      ["O-2", "open"],
      ["O-3", "open"],
    ]);
    const o2 = first.find((exception) => orderIdOf(exception) === "O-2")!;
    const o3 = first.find((exception) => orderIdOf(exception) === "O-3")!;
    expect((await operator.patch(`/api/v1/exceptions/${o2.id}`, { status: "in_review", assigneeId: org.ownerUserId })).status).toBe(200);
    expect((await operator.post(`/api/v1/exceptions/${o2.id}/comments`, { body: "Customer says paid by card" })).status).toBe(201);

    // Day 2: O-3's payment arrived, O-2's did not.
    const paymentsDay2 = await upload("payments-2.csv", "order_id,amount,currency\nO-1,10.00,EUR\nO-3,30.00,EUR\n");
    const run2 = await runWith(orders, paymentsDay2);
    const second = await exceptionsOfRun(run2);
    expect(second.map(orderIdOf)).toEqual(["O-2"]);
    const carried = second[0]!;
    expect(carried).toMatchObject({ caseId: o2.caseId, status: "in_review", assigneeId: org.ownerUserId, firstSeenAt: o2.firstSeenAt, supersededById: null });

    const before = (await (await operator.get(`/api/v1/exceptions/${o2.id}`)).json()) as ExceptionView;
    expect(before.supersededById).toBe(carried.id);
    const resolved = (await (await operator.get(`/api/v1/exceptions/${o3.id}`)).json()) as ExceptionView;
    expect(resolved).toMatchObject({ status: "resolved", resolution: { code: "matched_in_later_run", resolvedInRunId: run2 } });

    // The case's history follows it: the comment from day 1 shows on day 2's row.
    const events = (await (await operator.get(`/api/v1/exceptions/${carried.id}/events`)).json()) as { data: Array<{ kind: string; after: Record<string, unknown> }> };
    expect(events.data.map((event) => event.kind)).toEqual(["updated", "comment", "carried_forward"]);

    // Default lists show one current row per case: the day-1 row of O-2 is history.
    const current = (await (await operator.get(`/api/v1/exceptions?streamId=${streamId}&status=open,in_review`)).json()) as { data: ExceptionView[] };
    expect(current.data.map((exception) => exception.id)).toEqual([carried.id]);
    // The superseded row cannot be worked any more.
    expect((await operator.patch(`/api/v1/exceptions/${o2.id}`, { status: "open" })).status).toBe(409);

    const audit = await listAuditEvents(org.ownerCtx, { limit: 200 });
    expect(audit.events.filter((event) => event.action === "exceptions.carried_forward").map((event) => event.changes)).toEqual([
      { after: { streamId, streamRunId: run2, stepKey: "orders_payments", carried: 1, autoResolved: 1, newCases: 0 } },
    ]);
    expect((await verifyAuditChain(org.orgId)).ok).toBe(true);
  }, 180_000);
});
