import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/modules/audit/audit.server";
import { getRunLineage } from "~/modules/streams/runs/lineage.server";
import { getDb } from "~/platform/db/client";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { insertStreamRun, type StreamRunRows } from "../../support/stream-rows";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

let baseUrl: string;
let org: TestOrg;
let viewer: ApiClient;
let rows: StreamRunRows;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Lineage GmbH");
  viewer = apiClient(baseUrl, org.keys.viewer);
  rows = await insertStreamRun(org);
});

function fileNode(file: StreamRunRows["inputFiles"][number]) {
  return {
    id: file.id,
    type: "file",
    label: file.name,
    details: { name: file.name, kind: "upload", sha256: file.sha256, size: file.size, rowCount: 2, inbox: null },
  };
}

function stepRunNode(run: StreamRunRows, index: number, state: string, attempt: number, finished: boolean) {
  const stepRun = run.stepRuns[index]!;
  return {
    id: stepRun.id,
    type: "step_run",
    label: stepRun.key,
    details: {
      stepKey: stepRun.key,
      name: stepRun.name,
      state,
      attempt,
      position: index,
      startedAt: finished ? expect.any(String) : null,
      finishedAt: finished ? expect.any(String) : null,
    },
  };
}

function artifactNodes(run: StreamRunRows) {
  return run.stepRuns.flatMap((stepRun) =>
    stepRun.artifacts.map((artifact) => ({
      id: artifact.id,
      type: "artifact",
      label: `${stepRun.key} ${artifact.artifactType}`,
      details: {
        artifactType: artifact.artifactType,
        stepKey: stepRun.key,
        runId: run.runId,
        fileId: artifact.fileId,
        checksum: artifact.checksum,
        size: artifact.size,
        rowCount: 2,
        status: "available",
      },
    })),
  );
}

describe("GET /api/v1/stream-runs/{id}/lineage", () => {
  it("returns the complete graph of a 3-step run, from the input files to the final artifacts", async () => {
    const response = await viewer.get(`/api/v1/stream-runs/${rows.runId}/lineage`);
    expect(response.status).toBe(200);
    const graph = (await response.json()) as { nodes: unknown[]; edges: Array<{ from: string; to: string; kind: string }> };
    const [orders, charges, payouts, bank] = rows.inputFiles;
    const [first, second, third] = rows.stepRuns;
    const unmatchedSource = (index: number) => rows.stepRuns[index]!.artifacts.find((artifact) => artifact.artifactType === "UNMATCHED_SOURCE")!;
    const outputs = (index: number) =>
      rows.stepRuns[index]!.artifacts.map((artifact) => ({ from: rows.stepRuns[index]!.id, to: artifact.id, kind: "output", details: { artifactType: artifact.artifactType } }));
    expect(graph).toEqual({
      object: "lineage_graph",
      runId: rows.runId,
      nodes: [
        ...[orders!, charges!, payouts!, bank!].sort((left, right) => left.id.localeCompare(right.id)).map(fileNode),
        stepRunNode(rows, 0, "succeeded", 1, true),
        stepRunNode(rows, 1, "succeeded", 1, true),
        stepRunNode(rows, 2, "succeeded", 1, true),
        ...artifactNodes(rows),
      ],
      edges: [
        { from: orders!.id, to: first!.id, kind: "input", details: { role: "source" } },
        { from: charges!.id, to: first!.id, kind: "input", details: { role: "target" } },
        ...outputs(0),
        { from: unmatchedSource(0).id, to: second!.id, kind: "input", details: { role: "source" } },
        { from: payouts!.id, to: second!.id, kind: "input", details: { role: "target" } },
        ...outputs(1),
        { from: unmatchedSource(1).id, to: third!.id, kind: "input", details: { role: "source" } },
        { from: bank!.id, to: third!.id, kind: "input", details: { role: "target" } },
        ...outputs(2),
      ].map((edge, index) => ({ ...edge, id: rows.lineage[index]!.id, createdAt: expect.any(String) })),
    });

    // Walking back from the final step's unmatched rows reaches the orders file through every step.
    const inbound = new Map<string, string[]>();
    for (const edge of graph.edges) inbound.set(edge.to, [...(inbound.get(edge.to) ?? []), edge.from]);
    const reached = new Set<string>();
    const queue = [unmatchedSource(2).id];
    while (queue.length > 0) {
      const id = queue.shift()!;
      if (reached.has(id)) continue;
      reached.add(id);
      queue.push(...(inbound.get(id) ?? []));
    }
    expect(reached.has(orders!.id)).toBe(true);
    expect(reached.has(first!.id) && reached.has(second!.id) && reached.has(third!.id)).toBe(true);
  });

  it("shows steps that never ran as nodes without edges, so the whole pipeline is visible", async () => {
    const failed = await insertStreamRun(org, {
      runState: "failed",
      steps: [
        { key: "orders_charges" },
        { key: "charges_payouts", state: "failed", failure: { classification: "permanent", code: "rule_error", message: "bad rule" } },
        { key: "payouts_bank", state: "skipped" },
      ],
    });
    const graph = (await (await viewer.get(`/api/v1/stream-runs/${failed.runId}/lineage`)).json()) as {
      nodes: Array<{ id: string; type: string; details: Record<string, unknown> }>;
      edges: Array<{ from: string; to: string }>;
    };
    const skipped = failed.stepRuns[2]!;
    expect(graph.nodes.filter((node) => node.type === "step_run").map((node) => [node.id, node.details.state])).toEqual([
      [failed.stepRuns[0]!.id, "succeeded"],
      [failed.stepRuns[1]!.id, "failed"],
      [skipped.id, "skipped"],
    ]);
    expect(graph.edges.filter((edge) => edge.from === skipped.id || edge.to === skipped.id)).toEqual([]);
    // The failed step read its inputs (lineage says so) but wrote no artifact.
    expect(graph.edges.filter((edge) => edge.to === failed.stepRuns[1]!.id)).toHaveLength(2);
    expect(graph.edges.filter((edge) => edge.from === failed.stepRuns[1]!.id)).toEqual([]);
  });

  it("hides the runs of system streams, as the run itself is hidden, unless the caller asks for them", async () => {
    const classic = await insertStreamRun(org, { system: true, steps: [{ key: "reconcile" }] });
    const response = await viewer.get(`/api/v1/stream-runs/${classic.runId}/lineage`);
    expect(response.status).toBe(404);
    const graph = await getRunLineage(org.ownerCtx, classic.runId, { includeSystem: true });
    expect(graph.edges.map((edge) => edge.id)).toEqual(classic.lineage.map((event) => event.id));
  });

  it("hides another org's run behind 404, and answers 404 for an unknown run", async () => {
    const intruder = await createTestOrg("Intruder SA");
    const response = await apiClient(baseUrl, intruder.keys.owner).get(`/api/v1/stream-runs/${rows.runId}/lineage`);
    expect(response.status).toBe(404);
    expect((await problemOf(response)).type).toBe("/problems/not-found");
    expect((await viewer.get("/api/v1/stream-runs/run_01JD0000000000000000000000/lineage")).status).toBe(404);
  });
});

/** The database's own message: drizzle wraps it as the cause of a "Failed query" error. */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
  } catch (error) {
    return ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
  }
  throw new Error("the database accepted the statement");
}

describe("the database keeps lineage and audit rows append-only", () => {
  it("rejects UPDATE and DELETE of lineage events, even from the table owner", async () => {
    const eventId = rows.lineage[0]!.id;
    expect(await refusal(getDb().execute(sql`update reconciliation_lineage_events set details = '{"forged":true}' where id = ${eventId}`))).toBe(
      "reconciliation_lineage_events is append-only: UPDATE is not allowed",
    );
    expect(await refusal(getDb().execute(sql`delete from reconciliation_lineage_events where id = ${eventId}`))).toBe(
      "reconciliation_lineage_events is append-only: DELETE is not allowed",
    );
    expect(await refusal(getDb().execute(sql`truncate reconciliation_lineage_events`))).toBe(
      "reconciliation_lineage_events is append-only: TRUNCATE is not allowed",
    );
    const [row] = (await getDb().execute(sql`select details from reconciliation_lineage_events where id = ${eventId}`)) as unknown as Array<{ details: unknown }>;
    expect(row!.details).toEqual({ role: "source" });
  });

  it("rejects UPDATE and DELETE of audit events, even from the table owner", async () => {
    const event = await inOrgTransaction(org.orgId, (tx) => recordAudit(tx, org.ownerCtx, { action: "test.appended", resourceType: "test" }));
    expect(await refusal(getDb().execute(sql`update audit_events set action = 'test.forged' where id = ${event.id}`))).toBe(
      "audit_events is append-only: UPDATE is not allowed",
    );
    expect(await refusal(getDb().execute(sql`delete from audit_events where id = ${event.id}`))).toBe("audit_events is append-only: DELETE is not allowed");
    const [row] = (await getDb().execute(sql`select action from audit_events where id = ${event.id}`)) as unknown as Array<{ action: string }>;
    expect(row!.action).toBe("test.appended");
  });

  it("gives the tenant role no UPDATE or DELETE rights on lineage events at all", async () => {
    const eventId = rows.lineage[0]!.id;
    expect(await refusal(inOrgTransaction(org.orgId, (tx) => tx.execute(sql`delete from reconciliation_lineage_events where id = ${eventId}`)))).toBe(
      "permission denied for table reconciliation_lineage_events",
    );
    expect(
      await refusal(inOrgTransaction(org.orgId, (tx) => tx.execute(sql`update reconciliation_lineage_events set to_id = 'x' where id = ${eventId}`))),
    ).toBe("permission denied for table reconciliation_lineage_events");
  });
});
