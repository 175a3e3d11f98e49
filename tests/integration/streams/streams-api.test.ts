import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { createDataSource } from "~/modules/data-sources/data-sources.server";
import { setFeatureFlag } from "~/modules/tenancy/feature-flags.server";
import { profileUploadedFile } from "~/modules/files/profile.server";
import { enqueueInboxTriggers } from "~/modules/streams/index.server";
import { archiveRuleSet, createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { getDb } from "~/platform/db/client";
import { auditEvents, reconciliationStreamVersions } from "~/platform/db/schema";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * Stream definitions through the API (acceptance 1): CRUD, immutable
 * versions, validation with located problems, roles, and the feature flag.
 */
let baseUrl: string;
let org: TestOrg;
let admin: ApiClient;
let ordersFileId: string;
let paymentsFileId: string;
let ruleSetId: string;

const rules = {
  source: { mappings: [{ field: "id", column: "order_id" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }] },
  target: { mappings: [{ field: "id", column: "ref" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }] },
  passes: [{ name: "by id", keys: ["id"], amount: { toleranceMinor: 0 } }],
};

async function uploadReady(name: string, text: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([text], { type: "text/csv" }), name);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", body: form, headers: { Authorization: `Bearer ${org.keys.operator}` } });
  const { id } = (await response.json()) as { id: string };
  await profileUploadedFile(org.ownerCtx, id, { lastAttempt: true, whenReady: enqueueInboxTriggers });
  return id;
}

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg();
  admin = apiClient(baseUrl, org.keys.admin);
  ordersFileId = await uploadReady("orders.csv", "order_id,amount\nA-1,10.00\n");
  paymentsFileId = await uploadReady("payments.csv", "ref,amount\nA-1,10.00\n");
  ruleSetId = (await createRuleSet(org.ownerCtx, { name: "Orders vs payments", definition: ruleSetDefinitionSchema.parse(rules) })).ruleSet.id;
});

function step(key: string, inputs?: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { key, name: key, ruleSetId, inputs: inputs ?? { source: { kind: "FILE", fileId: ordersFileId }, target: { kind: "FILE", fileId: paymentsFileId } }, ...extra };
}

async function create(definition: Record<string, unknown>, client = admin) {
  return client.post("/api/v1/streams", { name: "Orders to cash", definition });
}

describe("stream definitions", () => {
  it("creates a stream as version 1 with its steps' dependencies derived from their inputs", async () => {
    const response = await create({
      steps: [step("first"), step("second", { source: { kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "first" }, target: { kind: "STEP_OUTPUT_UNMATCHED_TARGET", stepKey: "first" } })],
    });
    expect(response.status).toBe(201);
    const stream = (await response.json()) as Record<string, unknown>;
    expect(stream).toMatchObject({ object: "stream", name: "Orders to cash", status: "active", version: 1, latestVersion: 1, dependencies: { first: [], second: ["first"] } });
    expect(response.headers.get("location")).toBe(`/api/v1/streams/${stream.id as string}`);
    const [event] = await getDb().select().from(auditEvents).where(and(eq(auditEvents.resourceId, stream.id as string), eq(auditEvents.action, "stream.created")));
    expect(event).toBeDefined();
  });

  it("makes a new immutable version when the definition changes, and none when it does not", async () => {
    const stream = (await (await create({ steps: [step("only")] })).json()) as { id: string; definition: Record<string, unknown> };
    const same = await admin.patch(`/api/v1/streams/${stream.id}`, { definition: stream.definition });
    expect(((await same.json()) as { latestVersion: number }).latestVersion).toBe(1);
    const changed = await admin.patch(`/api/v1/streams/${stream.id}`, { definition: { steps: [step("only", undefined, { critical: false })] } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ version: 2, latestVersion: 2 });
    const versions = (await (await admin.get(`/api/v1/streams/${stream.id}/versions`)).json()) as { data: Array<{ version: number }> };
    expect(versions.data.map((version) => version.version)).toEqual([2, 1]);
    const first = (await (await admin.get(`/api/v1/streams/${stream.id}?version=1`)).json()) as { definition: { steps: Array<{ critical: boolean }> } };
    expect(first.definition.steps[0]!.critical).toBe(true);
    const refused = await getDb()
      .update(reconciliationStreamVersions)
      .set({ version: 9 })
      .where(eq(reconciliationStreamVersions.streamId, stream.id))
      .then(() => null, (error: Error & { cause?: Error }) => error.cause ?? error);
    expect(refused?.message).toMatch(/is append-only: UPDATE is not allowed/);
  });

  it("refuses a cycle, an unknown step key and a step consuming its own output, each with a pointer", async () => {
    const cycle = await create({
      steps: [
        step("a", { source: { kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "b" }, target: { kind: "FILE", fileId: paymentsFileId } }),
        step("b", { source: { kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "a" }, target: { kind: "FILE", fileId: paymentsFileId } }),
      ],
    });
    expect(cycle.status).toBe(422);
    expect((await problemOf(cycle)).errors).toEqual([{ pointer: "/definition/steps/0", message: "steps form a cycle: a → b → a" }]);

    const unknown = await create({ steps: [step("a", { source: { kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "charges" }, target: { kind: "FILE", fileId: paymentsFileId } })] });
    expect((await problemOf(unknown)).errors).toEqual([{ pointer: "/definition/steps/0/inputs/source/stepKey", message: "no step named 'charges'" }]);

    const own = await create({ steps: [step("a", { source: { kind: "STEP_OUTPUT_MATCHED", stepKey: "a" }, target: { kind: "FILE", fileId: paymentsFileId } })] });
    expect((await problemOf(own)).errors).toEqual([{ pointer: "/definition/steps/0/inputs/source/stepKey", message: "a step cannot consume its own output" }]);
  });

  it("refuses another org's or an unknown rule set as if it did not exist", async () => {
    const response = await create({ steps: [{ ...step("a"), ruleSetId: "rs_01NOTTHERE00000000000000" }] });
    expect(response.status).toBe(422);
    expect((await problemOf(response)).errors).toEqual([{ pointer: "/definition/steps/0/ruleSetId", message: "no rule set 'rs_01NOTTHERE00000000000000'" }]);
  });
});

describe("validation", () => {
  it("reports a valid stream ready", async () => {
    const stream = (await (await create({ steps: [step("a")] })).json()) as { id: string };
    const report = await (await admin.post(`/api/v1/streams/${stream.id}/validate`, {})).json();
    expect(report).toEqual({ object: "stream_validation", streamId: stream.id, version: 1, ready: true, problems: [] });
  });

  it("names the step and input whose rule set maps a column the file does not have, and follows columns through step outputs", async () => {
    const renamed = { ...rules, target: { mappings: [{ field: "id", column: "payment_ref" }, rules.target.mappings[1]] } };
    const otherRules = (await createRuleSet(org.ownerCtx, { name: "Wrong column", definition: ruleSetDefinitionSchema.parse(renamed) })).ruleSet.id;
    const stream = (await (
      await create({
        steps: [
          { ...step("a"), ruleSetId: otherRules },
          step("b", { source: { kind: "STEP_OUTPUT_UNMATCHED_SOURCE", stepKey: "a" }, target: { kind: "FILE", fileId: paymentsFileId } }),
        ],
      })
    ).json()) as { id: string };
    const report = (await (await admin.post(`/api/v1/streams/${stream.id}/validate`, {})).json()) as { ready: boolean; problems: Array<Record<string, unknown>> };
    expect(report.ready).toBe(false);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ stepKey: "a", pointer: "/steps/0/inputs/target", severity: "error" });
    expect(report.problems[0]!.message).toContain("payment_ref");
  });

  it("flags an archived rule set, a missing parameter and an unknown file", async () => {
    const doomed = (await createRuleSet(org.ownerCtx, { name: "Doomed", definition: ruleSetDefinitionSchema.parse(rules) })).ruleSet.id;
    const stream = (await (
      await create({
        settings: { parameters: [{ name: "orders" }] },
        steps: [{ ...step("a", { source: { kind: "FILE", parameter: "orders" }, target: { kind: "FILE", fileId: "file_01MISSING000000000000000" } }), ruleSetId: doomed }],
      })
    ).json()) as { id: string };
    await archiveRuleSet(org.ownerCtx, doomed);
    const report = (await (await admin.post(`/api/v1/streams/${stream.id}/validate`, { parameters: { other: "x" } })).json()) as { problems: Array<{ pointer: string; message: string }> };
    expect(report.problems.map((problem) => [problem.pointer, problem.message])).toEqual([
      ["/settings/parameters", "run parameter 'orders' is not given"],
      ["/steps/0/ruleSetId", "rule set 'Doomed' is archived"],
      ["/steps/0/inputs/target/fileId", "no file 'file_01MISSING000000000000000'"],
    ]);
    const run = await apiClient(baseUrl, org.keys.operator).post(`/api/v1/streams/${stream.id}/runs`, {});
    expect(run.status).toBe(422);
    expect((await problemOf(run)).errors).toEqual([{ pointer: "/parameters/orders", message: "the stream needs run parameter 'orders' (a file id)" }]);
  });
});

describe("data-source inputs", () => {
  it("reports a data source that does not answer as unreachable, at its input", async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    const dataSource = await createDataSource(org.ownerCtx, {
      name: "Ledger",
      kind: "postgres",
      config: { host: "127.0.0.1", port: 1, database: "ledger", user: "reader", password: "secret" },
    });
    const stream = (await (
      await create({ steps: [step("a", { source: { kind: "DATA_SOURCE_SNAPSHOT", dataSourceId: dataSource.id, query: "select * from ledger" }, target: { kind: "FILE", fileId: paymentsFileId } })] })
    ).json()) as { id: string };
    const report = (await (await admin.post(`/api/v1/streams/${stream.id}/validate`, {})).json()) as { ready: boolean; problems: Array<{ pointer: string; message: string }> };
    expect(report.ready).toBe(false);
    expect(report.problems.map((problem) => problem.pointer)).toEqual(["/steps/0/inputs/source/dataSourceId"]);
    expect(report.problems[0]!.message).toMatch(/^data source is unreachable: /);
  });
});

describe("roles, archive and the feature flag", () => {
  it("lets only admins edit streams and operators start runs", async () => {
    expect((await create({ steps: [step("a")] }, apiClient(baseUrl, org.keys.operator))).status).toBe(403);
    const stream = (await (await create({ steps: [step("a")] })).json()) as { id: string };
    expect((await apiClient(baseUrl, org.keys.viewer).post(`/api/v1/streams/${stream.id}/runs`, {})).status).toBe(403);
    expect((await apiClient(baseUrl, org.keys.viewer).get(`/api/v1/streams/${stream.id}`)).status).toBe(200);
    expect((await apiClient(baseUrl, org.keys.operator).post(`/api/v1/streams/${stream.id}/runs`, {})).status).toBe(202);
  });

  it("freezes an archived stream: no edits, no runs", async () => {
    const stream = (await (await create({ steps: [step("a")] })).json()) as { id: string };
    expect((await admin.post(`/api/v1/streams/${stream.id}/archive`)).status).toBe(200);
    expect((await admin.patch(`/api/v1/streams/${stream.id}`, { name: "New" })).status).toBe(409);
    expect((await admin.post(`/api/v1/streams/${stream.id}/runs`, {})).status).toBe(409);
    expect((await admin.post(`/api/v1/streams/${stream.id}/archive`)).status).toBe(409);
  });

  it("answers 404 on every stream endpoint while the org's streams flag is off", async () => {
    const other = await createTestOrg();
    const client = apiClient(baseUrl, other.keys.admin);
    const ruleSet = (await createRuleSet(other.ownerCtx, { name: "R", definition: ruleSetDefinitionSchema.parse(rules) })).ruleSet.id;
    const created = await client.post("/api/v1/streams", { name: "S", definition: { steps: [{ ...step("a"), ruleSetId: ruleSet }] } });
    const stream = (await created.json()) as { id: string };
    await setFeatureFlag(other.ownerCtx, "streams", false);
    for (const path of ["/api/v1/streams", `/api/v1/streams/${stream.id}`, `/api/v1/streams/${stream.id}/runs`, `/api/v1/streams/${stream.id}/versions`]) {
      expect((await client.get(path)).status).toBe(404);
    }
    expect((await client.post("/api/v1/streams", { name: "S", definition: { steps: [{ ...step("a"), ruleSetId: ruleSet }] } })).status).toBe(404);
    // The rest of the product is unaffected.
    expect((await client.get("/api/v1/rule-sets")).status).toBe(200);
    await setFeatureFlag(other.ownerCtx, "streams", true);
    expect((await client.get(`/api/v1/streams/${stream.id}`)).status).toBe(200);
  });
});
