import type { Runner } from "graphile-worker";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { getDb } from "~/platform/db/client";
import { uploadedFiles } from "~/platform/db/schema";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, waitFor, waitForRunEnd } from "../../support/streams";
import { uploadAndProfile } from "../../support/uploads";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * A run started on a file that is still being profiled (the demo does this,
 * and so does any script that uploads and runs at once) waits for the file,
 * however small its retry budget: waiting is not failing. Run by the real
 * worker, with a step allowed one attempt only.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let baseUrl: string;
let org: TestOrg;
let operator: ApiClient;
let runner: Runner;
let streamId: string;

const selfMatch = ruleSetDefinitionSchema.parse({
  source: { mappings: [{ field: "id", column: "id" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "currency" }] },
  target: { mappings: [{ field: "id", column: "id" }, { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "currency" }] },
  passes: [{ name: "by id", keys: ["id"], amount: { toleranceMinor: 0 } }],
});

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Patient Runs Ltd");
  operator = apiClient(baseUrl, org.keys.operator);
  runner = await startTestWorker(2);
  const ruleSetId = (await createRuleSet(org.ownerCtx, { name: "Self match", definition: selfMatch })).ruleSet.id;
  const input = { kind: "FILE", parameter: "ledger" };
  const created = await apiClient(baseUrl, org.keys.admin).post("/api/v1/streams", {
    name: "One attempt",
    definition: {
      settings: { parameters: [{ name: "ledger", description: "A ledger export" }] },
      steps: [{ key: "self", name: "Self", ruleSetId, ruleSetVersion: 1, retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 }, inputs: { source: input, target: input } }],
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  streamId = ((await created.json()) as Json).id;
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

describe("a run whose input file is still being profiled", () => {
  it("waits past its retry budget and runs once the file is ready", async () => {
    const file = await uploadAndProfile(baseUrl, org.keys.operator, "ledger.csv", new TextEncoder().encode("id,amount,currency\nA-1,10.00,EUR\nA-2,20.50,EUR\n"));
    // Back to processing without a profile job: the file stays "being profiled" until the test says otherwise.
    await getDb().update(uploadedFiles).set({ status: "processing" }).where(eq(uploadedFiles.id, file.id as string));
    const started = await operator.post(`/api/v1/streams/${streamId}/runs`, { parameters: { ledger: file.id } });
    expect(started.status, await started.clone().text()).toBe(202);
    const runId = ((await started.json()) as Json).id as string;

    // Several attempts come and go while the file is processing; with one attempt allowed, the old runtime failed the run at the first.
    const waiting = await waitFor(async () => {
      const steps = (await (await operator.get(`/api/v1/stream-runs/${runId}/steps`)).json()) as Json;
      const step = (steps.data as Json[])[0]!;
      return step.attempt >= 3 ? step : undefined;
    }, 60_000, "three attempts while the file is processing");
    expect({ state: waiting.state, code: waiting.failure?.code }).toMatchObject({ code: "file_processing" });
    expect(["retrying", "running", "queued"]).toContain(waiting.state);
    const during = (await (await operator.get(`/api/v1/stream-runs/${runId}`)).json()) as Json;
    expect(during.state).toBe("running");

    await getDb().update(uploadedFiles).set({ status: "ready" }).where(eq(uploadedFiles.id, file.id as string));
    const ended = await waitForRunEnd(operator, runId);
    expect(ended.state).toBe("succeeded");
  }, 120_000);
});
