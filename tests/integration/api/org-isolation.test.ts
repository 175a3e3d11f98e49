import { beforeAll, describe, expect, it } from "vitest";
import { ALL_OPERATIONS } from "~/api/contracts";
import { createInvitation } from "~/modules/tenancy/invitations.server";
import { listMembers } from "~/modules/tenancy/memberships.server";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { profileUploadedFile } from "~/modules/files/profile.server";
import { enqueueInboxTriggers } from "~/modules/streams/index.server";
import { createColumnMapping } from "~/modules/column-mappings/index.server";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { createDataSource } from "~/modules/data-sources/data-sources.server";
import { createTrigger } from "~/modules/streams/triggers/trigger-writes.server";
import { createStream } from "~/modules/streams/definition/streams.server";
import { uploadTemplate } from "~/modules/templates/templates.server";
import { packArchive } from "~/modules/templates/packs/pack-commands.server";
import { streamDefinitionSchema } from "~/core/streams/definition";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { apiClient, startWebApp } from "../../support/web";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { insertStreamRun } from "../../support/stream-rows";
import { createManualMatch } from "~/modules/exceptions/manual-matches.server";
import { createReconciliation } from "~/modules/reconciliations/reconciliations.server";
import { insertExceptions } from "../exceptions/exception-rows";

/**
 * Org isolation at the HTTP edge: an org-B key asking for any org-A resource
 * gets exactly the 404 a missing id gets. The test walks every operation in
 * the API contract, so a new route with an id cannot slip through untested.
 */
let baseUrl: string;
let orgA: TestOrg;
let orgB: TestOrg;
const idsOfOrgA: Record<string, string> = {};

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  orgA = await createTestOrg("Org A");
  orgB = await createTestOrg("Org B");
  const { invitation } = await createInvitation(orgA.ownerCtx, { email: "invitee@example.test", role: "viewer" });
  const members = await listMembers(orgA.ownerCtx, { limit: 10 });
  const audit = await listAuditEvents(orgA.ownerCtx, { limit: 1 });
  idsOfOrgA["/api/v1/api-keys/{id}"] = orgA.keyIds.viewer;
  idsOfOrgA["/api/v1/members/{id}"] = members.data[0]!.id;
  idsOfOrgA["/api/v1/invitations/{id}"] = invitation.id;
  idsOfOrgA["/api/v1/audit-events/{id}"] = audit.events[0]!.id;
  const { ruleSet } = await createRuleSet(orgA.ownerCtx, { name: "Orders", definition: ruleSetDefinitionSchema.parse(validDefinition) });
  idsOfOrgA["/api/v1/rule-sets/{id}"] = ruleSet.id;
  idsOfOrgA["/api/v1/rule-sets/{id}/versions/{n}"] = ruleSet.id;
  idsOfOrgA["/api/v1/rule-sets/{id}/archive"] = ruleSet.id;
  idsOfOrgA["/api/v1/rule-sets/{id}/preview"] = ruleSet.id;
  const fileId = await uploadReadyFile(orgA);
  idsOfOrgA["/api/v1/files/{id}"] = fileId;
  idsOfOrgA["/api/v1/files/{id}/preview"] = fileId;
  idsOfOrgA["/api/v1/files/{id}/download"] = fileId;
  // Org B previews org A's rule set on its own ready file: only the rule set can be what is hidden.
  const fileOfOrgB = await uploadReadyFile(orgB);
  bodies.previewRuleSet = { sourceFileId: fileOfOrgB, targetFileId: fileOfOrgB };
  // Port 1 on loopback: nothing answers, and nothing needs to, since org B must be stopped before any connection.
  const dataSource = await createDataSource(orgA.ownerCtx, {
    name: "Ledger",
    kind: "postgres",
    config: { host: "127.0.0.1", port: 1, database: "ledger", user: "reader", password: "org-a-secret" },
  });
  idsOfOrgA["/api/v1/data-sources/{id}"] = dataSource.id;
  idsOfOrgA["/api/v1/data-sources/{id}/test"] = dataSource.id;
  idsOfOrgA["/api/v1/data-sources/{id}/snapshots"] = dataSource.id;
  // Stream triggers: a one-step stream of org A with a webhook trigger.
  const { stream } = await createStream(orgA.ownerCtx, {
    name: "Orders",
    definition: streamDefinitionSchema.parse({
      steps: [{ key: "orders", name: "Orders", ruleSetId: ruleSet.id, inputs: { source: { kind: "FILE", fileId }, target: { kind: "FILE", fileId } } }],
    }),
  });
  const { trigger } = await createTrigger(orgA.ownerCtx, stream.id, { config: { kind: "webhook" } });
  idsOfOrgA["/api/v1/streams/{id}/triggers"] = stream.id;
  idsOfOrgA["/api/v1/triggers/{id}"] = trigger.id;
  idsOfOrgA["/api/v1/triggers/{id}/rotate-secret"] = trigger.id;
  idsOfOrgA["/api/v1/triggers/{id}/firings"] = trigger.id;
  // A finished run's rows (its event stream answers 200 with a snapshot and end, then closes).
  const finishedRun = await insertStreamRun(orgA, { steps: [{ key: "orders" }] });
  const artifact = finishedRun.stepRuns[0]!.artifacts[0]!;
  idsOfOrgA["/api/v1/artifacts/{id}"] = artifact.id;
  idsOfOrgA["/api/v1/artifacts/{id}/download"] = artifact.id;
  idsOfOrgA["/api/v1/step-runs/{id}/artifacts"] = artifact.stepRunId;
  idsOfOrgA["/api/v1/stream-runs/{id}/lineage"] = finishedRun.runId;
  idsOfOrgA["/api/v1/stream-runs/{id}/events"] = finishedRun.runId;
  // Templates: org A's private pack (public packs are everyone's by design).
  const { summary: privatePack } = await uploadTemplate(orgA.ownerCtx, await packArchive("tests/fixtures/packs/private-invoices"));
  idsOfOrgA["/api/v1/templates/{id}"] = privatePack.id;
  idsOfOrgA["/api/v1/templates/{id}/instantiate"] = privatePack.id;
  // Streams and runs: the stream above, and the finished run's rows.
  for (const path of ["/api/v1/streams/{id}", "/api/v1/streams/{id}/versions", "/api/v1/streams/{id}/archive", "/api/v1/streams/{id}/validate", "/api/v1/streams/{id}/runs"]) {
    idsOfOrgA[path] = stream.id;
  }
  for (const path of ["/api/v1/stream-runs/{id}", "/api/v1/stream-runs/{id}/steps", "/api/v1/stream-runs/{id}/cancel", "/api/v1/stream-runs/{id}/rerun"]) {
    idsOfOrgA[path] = finishedRun.runId;
  }
  idsOfOrgA["/api/v1/step-runs/{id}/retry"] = artifact.stepRunId;
  // Exceptions, a manual match of two of them, and a pending classic reconciliation.
  const [exceptionId, sourceSide, targetSide] = await insertExceptions(orgA.orgId, finishedRun, [{}, { side: "source" }, { side: "target" }]);
  for (const path of ["/api/v1/exceptions/{id}", "/api/v1/exceptions/{id}/events", "/api/v1/exceptions/{id}/comments"]) idsOfOrgA[path] = exceptionId!;
  const manualMatch = await createManualMatch(orgA.ownerCtx, { sourceExceptionIds: [sourceSide!], targetExceptionIds: [targetSide!] });
  idsOfOrgA["/api/v1/manual-matches/{id}"] = manualMatch.id;
  const reconciliation = await createReconciliation(orgA.ownerCtx, { name: "Orders", sourceFileId: fileId, targetFileId: fileId, ruleSetId: ruleSet.id });
  idsOfOrgA["/api/v1/reconciliations/{id}"] = reconciliation.reconciliation.id;
  idsOfOrgA["/api/v1/reconciliations/{id}/start"] = reconciliation.reconciliation.id;
  const mapping = await createColumnMapping(orgA.ownerCtx, {
    name: "Bank CSV",
    schema: "bank_statement_line",
    signature: { columns: ["Date", "Amount"] },
    fields: { booking_date: { column: "Date", format: "yyyy-MM-dd" }, amount: { column: "Amount" }, currency: { fixed: "EUR" } },
  });
  idsOfOrgA["/api/v1/column-mappings/{id}"] = mapping.id;
});

/** Uploaded over HTTP, then profiled in-process (this file runs no worker), so preview and download answer 200. */
async function uploadReadyFile(org: TestOrg): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob(["order_id,amount\nA-1,10.00\n"], { type: "text/csv" }), "orders.csv");
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${org.keys.operator}` }, body: form });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await profileUploadedFile(org.ownerCtx, id, { lastAttempt: true, whenReady: enqueueInboxTriggers });
  return id;
}

const operationsWithIds = ALL_OPERATIONS.filter((operation) => operation.path.includes("{id}"));

const validDefinition = {
  source: { mappings: [{ field: "id", column: "Order" }] },
  target: { mappings: [{ field: "id", column: "order_id" }] },
  passes: [{ name: "by order id", keys: ["id"] }],
};

/** Bodies that would succeed for the owning org, so the 404 is about isolation, not validation. */
const bodies: Record<string, unknown> = {
  updateMember: { role: "viewer" },
  updateRuleSet: { name: "Hijacked", definition: { ...validDefinition, passes: [{ name: "other", keys: ["id"] }] } },
  updateFile: { tags: ["hijacked"], policy: "lenient" },
  createDataSourceSnapshot: { query: "select * from ledger" },
  createStreamTrigger: { config: { kind: "webhook" } },
  updateStreamTrigger: { enabled: false },
  updateException: { status: "in_review" },
  createExceptionComment: { body: "Hijacked" },
  instantiateTemplate: { name: "Hijacked" },
  updateStream: { name: "Hijacked" },
};

describe("another org's resource is a 404 on every route", () => {
  it("covers every operation that takes an id", () => {
    const uncovered = operationsWithIds.filter((operation) => !(operation.path in idsOfOrgA)).map((op) => op.path);
    expect(uncovered).toEqual([]);
  });

  for (const operation of operationsWithIds) {
    it(`${operation.method} ${operation.path} hides org A's resource from org B`, async () => {
      // Other path parameters name something that exists under org A's resource (version 1 always does).
      const target = operation.path.replace("{id}", idsOfOrgA[operation.path]!).replace("{n}", "1");
      const client = apiClient(baseUrl, orgB.keys.owner);
      const body = bodies[operation.operationId];
      const response =
        operation.method === "GET"
          ? await client.get(target)
          : operation.method === "DELETE"
            ? await client.delete(target)
            : operation.method === "PATCH"
              ? await client.patch(target, body ?? {})
              : await client.post(target, body ?? {});
      expect(response.status).toBe(404);
      expect((await problemOf(response)).type).toBe("/problems/not-found");

      // …and the same id still works for its own org, so the 404 is about isolation, not a broken route.
      if (operation.method === "GET") {
        expect((await apiClient(baseUrl, orgA.keys.owner).get(target)).status).toBe(200);
      }
    });
  }

  it("never lists another org's rows", async () => {
    const client = apiClient(baseUrl, orgB.keys.owner);
    const everything = JSON.stringify([
      await (await client.get("/api/v1/api-keys?includeRevoked=true")).json(),
      await (await client.get("/api/v1/members")).json(),
      await (await client.get("/api/v1/invitations")).json(),
      await (await client.get("/api/v1/audit-events")).json(),
      await (await client.get("/api/v1/rule-sets")).json(),
      await (await client.get("/api/v1/files")).json(),
      await (await client.get("/api/v1/data-sources")).json(),
      await (await client.get("/api/v1/exceptions")).json(),
      await (await client.get("/api/v1/reconciliations")).json(),
    ]);
    expect(everything).not.toContain(orgA.orgId);
    for (const id of Object.values(idsOfOrgA)) expect(everything).not.toContain(id);
  });

  it("leaves org A's resources untouched after org B's attempts", async () => {
    await apiClient(baseUrl, orgB.keys.owner).delete(`/api/v1/api-keys/${orgA.keyIds.viewer}`);
    expect((await apiClient(baseUrl, orgA.keys.viewer).get("/api/v1/me")).status).toBe(200);
    const ruleSet = await (await apiClient(baseUrl, orgA.keys.viewer).get(`/api/v1/rule-sets/${idsOfOrgA["/api/v1/rule-sets/{id}"]}`)).json();
    expect(ruleSet).toMatchObject({ name: "Orders", status: "active", latestVersion: 1 });
    const file = await (await apiClient(baseUrl, orgA.keys.viewer).get(`/api/v1/files/${idsOfOrgA["/api/v1/files/{id}"]}`)).json();
    expect(file).toMatchObject({ status: "ready", tags: [], policy: "strict" });
    const dataSource = await (await apiClient(baseUrl, orgA.keys.viewer).get(`/api/v1/data-sources/${idsOfOrgA["/api/v1/data-sources/{id}"]}`)).json();
    expect(dataSource).toMatchObject({ name: "Ledger", config: { hasPassword: true } });
  });
});
