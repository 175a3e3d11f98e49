import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, waitForRunEnd } from "../../support/streams";
import { uploadAndProfile } from "../../support/uploads";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

/**
 * A file that cannot fit a run parameter is refused when the run is asked
 * for (422, pointing at the parameter, naming the step, the input and the
 * missing columns; no run is created). A step whose input still turns out
 * not to have the columns its rule set maps fails naming the step, the
 * input, the file and the columns, with a code the UI offers "Choose
 * another file" for. Real web app, real worker.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let baseUrl: string;
let org: TestOrg;
let operator: ApiClient;
let admin: ApiClient;
let runner: Runner;
let ruleSetId: string;
const files: Record<string, string> = {};

const CSV = {
  "payouts.csv": "payout_ref,payout_amount,payout_currency\nP1,10.00,USD\nP2,20.00,USD\n",
  "ledger.csv": "entry_ref,entry_amount,entry_currency\nP1,10.00,USD\n",
  "statement.csv": "Booking day,Text,Value\n2026-12-01,transfer P1,10.00\n",
} as const;

const payoutsVsLedger = ruleSetDefinitionSchema.parse({
  source: { mappings: [{ field: "id", column: "payout_ref" }, { field: "amount", column: "payout_amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "payout_currency" }] },
  target: { mappings: [{ field: "id", column: "entry_ref" }, { field: "amount", column: "entry_amount", transforms: [{ op: "parseAmount" }] }, { field: "currency", column: "entry_currency" }] },
  passes: [{ name: "reference", keys: ["id"], amount: { toleranceMinor: 0 } }],
});

const ONE_ATTEMPT = { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 };

async function createStream(name: string, source: Json): Promise<string> {
  const created = await admin.post("/api/v1/streams", {
    name,
    definition: {
      settings: { parameters: [...(source.parameter ? [{ name: "payouts", description: "Payouts export" }] : []), { name: "ledger", description: "Ledger entries" }] },
      steps: [{ key: "payouts_ledger", name: "Payouts to ledger", ruleSetId, retry: ONE_ATTEMPT, inputs: { source, target: { kind: "FILE", parameter: "ledger" } } }],
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  return ((await created.json()) as Json).id;
}

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Input Fit Ltd");
  operator = apiClient(baseUrl, org.keys.operator);
  admin = apiClient(baseUrl, org.keys.admin);
  runner = await startTestWorker(2);
  ruleSetId = (await createRuleSet(org.ownerCtx, { name: "Payouts to ledger", definition: payoutsVsLedger })).ruleSet.id;
  for (const [name, text] of Object.entries(CSV)) {
    const file = await uploadAndProfile(baseUrl, org.keys.operator, name, Buffer.from(text, "utf8"));
    expect(file.status).toBe("ready");
    files[name] = file.id as string;
  }
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

describe("starting a run with a file that cannot fit", () => {
  it("is refused with 422 naming the parameter, the step, the input and the missing columns, and creates no run", async () => {
    const streamId = await createStream("Refusing", { kind: "FILE", parameter: "payouts" });
    const response = await operator.post(`/api/v1/streams/${streamId}/runs`, { parameters: { payouts: files["statement.csv"], ledger: files["ledger.csv"] } });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as Json;
    expect(problem.errors).toEqual([
      {
        pointer: "/parameters/payouts",
        file: "statement.csv",
        field: "payouts",
        step: "payouts_ledger",
        input: "/steps/0/inputs/source",
        missingColumns: ["payout_ref", "payout_amount", "payout_currency"],
        message: "statement.csv cannot be the “payouts” file: step “Payouts to ledger” (payouts_ledger) reads it as its source and needs columns “payout_ref”, “payout_amount”, “payout_currency”, which statement.csv does not have",
      },
    ]);
    const runs = (await (await operator.get(`/api/v1/streams/${streamId}/runs`)).json()) as Json;
    expect(runs.data).toEqual([]);
  });

  it("starts the run when every file fits", async () => {
    const streamId = await createStream("Fitting", { kind: "FILE", parameter: "payouts" });
    const response = await operator.post(`/api/v1/streams/${streamId}/runs`, { parameters: { payouts: files["payouts.csv"], ledger: files["ledger.csv"] } });
    expect(response.status).toBe(202);
    const run = await waitForRunEnd(operator, ((await response.json()) as Json).id);
    expect(run.state).toBe("succeeded");
  });
});

describe("a step whose input lacks the columns its rule set maps", () => {
  it("fails naming the step, the input, the file and the missing columns, located on the file", async () => {
    // A fixed file is not a run parameter, so nothing refuses it up front: the step finds out.
    const streamId = await createStream("Fixed statement", { kind: "FILE", fileId: files["statement.csv"] });
    const response = await operator.post(`/api/v1/streams/${streamId}/runs`, { parameters: { ledger: files["ledger.csv"] } });
    expect(response.status).toBe(202);
    const run = await waitForRunEnd(operator, ((await response.json()) as Json).id);
    expect(run.state).toBe("failed");
    const steps = ((await (await operator.get(`/api/v1/stream-runs/${run.id}/steps`)).json()) as Json).data as Json[];
    const message = "Step “Payouts to ledger” (payouts_ledger) cannot read its source, the file statement.csv: it has no columns “payout_ref”, “payout_amount”, “payout_currency”, which the rule set maps.";
    expect(steps[0]!.failure).toMatchObject({ classification: "permanent", code: "input_columns_missing", stepKey: "payouts_ledger", message });
    expect(steps[0]!.failure.errors.map((located: Json) => [located.pointer, located.file, located.field, located.missingColumns])).toEqual([
      ["/source/mappings/0/column", "statement.csv", "the file", ["payout_ref", "payout_amount", "payout_currency"]],
      ["/source/mappings/1/column", "statement.csv", "the file", ["payout_ref", "payout_amount", "payout_currency"]],
      ["/source/mappings/2/column", "statement.csv", "the file", ["payout_ref", "payout_amount", "payout_currency"]],
    ]);
  });
});
