import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { count, eq } from "drizzle-orm";
import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { ruleSetDefinitionSchema, type RuleSetDefinition } from "~/core/engine/rule-set";
import { suggestMappings } from "~/modules/rule-sets/mapping-suggestions.server";
import { getQuickRunResults } from "~/api/views/quick-run.server";
import { serializeReconciliation } from "~/api/views/reconciliations";
import { startQuickRun } from "~/modules/reconciliations/quick-run.server";
import { getReconciliation } from "~/modules/reconciliations/reconciliations.server";
import { previewDraftDefinition, previewRuleSet } from "~/modules/rule-sets/preview.server";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { getDb } from "~/platform/db/client";
import { reconciliations, ruleSets } from "~/platform/db/schema";
import type { AnswerKey } from "../../support/ecommerce-fixtures";
import { createTestOrg, type TestOrg } from "../../support/factories";
import { startTestWorker, uploadFixture, waitFor } from "../../support/streams";
import { startWebApp } from "../../support/web";

/**
 * Quick Run's server side: the live preview of a draft nobody has saved,
 * and the run that saves it as a rule set and starts the classic
 * reconciliation. The generator's Stripe balance transactions against its
 * payouts, with the edits a person makes to the suggestion (net rather
 * than gross, several transactions summing to one payout), must land on the
 * answer key's charges-vs-payouts outcomes.
 */
const SEED = 1;
let org: TestOrg;
let otherOrg: TestOrg;
let runner: Runner;
let balanceId: string;
let payoutsId: string;
let otherOrgFileId: string;
let edited: RuleSetDefinition;

const answerKey = JSON.parse(gunzipSync(readFileSync(path.resolve("tests/fixtures/ecommerce-2000", `seed-${SEED}`, "answer_key.json.gz"))).toString("utf8")) as AnswerKey & {
  sizes: { balanceTransactions: number; payouts: number };
};

beforeAll(async () => {
  const { baseUrl } = await startWebApp();
  org = await createTestOrg("Quick Run Ltd");
  otherOrg = await createTestOrg("Elsewhere Ltd");
  runner = await startTestWorker(2);
  balanceId = await uploadFixture(baseUrl, org.keys.operator, SEED, "stripe_balance.csv");
  payoutsId = await uploadFixture(baseUrl, org.keys.operator, SEED, "stripe_payouts.csv");
  otherOrgFileId = await uploadFixture(baseUrl, otherOrg.keys.operator, SEED, "stripe_payouts.csv");
  edited = await editedSuggestion();
}, 180_000);

afterAll(async () => {
  await runner?.stop();
});

/** The suggestion as a person finishes it in the wizard: payouts are sums of net amounts, one payout to many transactions. */
async function editedSuggestion(): Promise<RuleSetDefinition> {
  const suggestion = await suggestMappings(org.ownerCtx, { sourceFileId: balanceId, targetFileId: payoutsId });
  const definition = structuredClone(suggestion.definition);
  const amount = definition.source.mappings.find((mapping) => mapping.field === "amount")!;
  amount.column = "net";
  const firstPass = definition.passes[0]!;
  definition.passes = [{ name: firstPass.name, keys: firstPass.keys, cardinality: "N:1", amount: { aggregate: "sum", toleranceMinor: 0 } }];
  return ruleSetDefinitionSchema.parse(definition);
}

function countsOf(section: Record<string, { status: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of Object.values(section)) counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
  return counts;
}

async function rowCounts(orgId: string) {
  const db = getDb();
  const [ruleSetRows] = await db.select({ n: count() }).from(ruleSets).where(eq(ruleSets.orgId, orgId));
  const [reconciliationRows] = await db.select({ n: count() }).from(reconciliations).where(eq(reconciliations.orgId, orgId));
  return { ruleSets: ruleSetRows!.n, reconciliations: reconciliationRows!.n };
}

async function validationErrorOf(work: Promise<unknown>): Promise<ValidationFailed> {
  const error = await work.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationFailed);
  return error as ValidationFailed;
}

describe("previewDraftDefinition", () => {
  it("shows for an unsaved draft exactly what the same definition shows once stored as a rule set", async () => {
    // Both files fit the limit: the draft's sample is all of them, as the stored rule set's preview is.
    const request = { sourceFileId: balanceId, targetFileId: payoutsId, limit: 10_000 };
    const draft = await previewDraftDefinition(org.ownerCtx, edited, request);
    const { ruleSet } = await createRuleSet(org.ownerCtx, { name: "Stored for comparison", definition: edited });
    const stored = await previewRuleSet(org.ownerCtx, ruleSet.id, request);

    expect(draft).toEqual({ ...stored, ruleSetId: null, version: null, sample: expect.objectContaining({ kind: "all", text: "All rows of both files." }) });
    expect(draft.truncated).toEqual({ source: false, target: false });
    expect(draft.counts.matches).toBe(countsOf(answerKey.charges_vs_payouts.payouts).MATCHED);
  });

  it("previews a representative sample of a larger file: whole payouts drawn at random with the payouts they sum to, and says so", async () => {
    const draft = await previewDraftDefinition(org.ownerCtx, edited, { sourceFileId: balanceId, targetFileId: payoutsId, limit: 500 });
    expect(draft).toHaveProperty("sample.kind", "representative");
    expect(draft.summary.source.rows).toBeLessThanOrEqual(500);
    expect(draft.truncated).toEqual({ source: true, target: false });
    // Each sampled payout comes with all its transactions, so the sample's payouts match as they do on the whole files.
    expect(draft.counts.matches).toBeGreaterThan(0);
    expect((draft as { sample: { text: string } }).sample.text).toMatch(/^\d+ of 2,0\d\d source rows \(every row of id values drawn at random\); the \d+ target rows that share their id/);
  });

  it("reports a column the file lacks with a pointer into the draft, and stores nothing", async () => {
    const before = await rowCounts(org.orgId);
    const draft = structuredClone(edited);
    const index = draft.target.mappings.findIndex((mapping) => mapping.field === "amount");
    draft.target.mappings[index]!.column = "Amount (USD)";

    const error = await validationErrorOf(previewDraftDefinition(org.ownerCtx, draft, { sourceFileId: balanceId, targetFileId: payoutsId, limit: 100 }));
    expect(error.errors).toEqual([{ pointer: `/definition/target/mappings/${index}/column`, message: expect.stringContaining("Amount (USD)") }]);
    expect(await rowCounts(org.orgId)).toEqual(before);
  });

  it("reports a pass keyed on a field one side does not map, as creating the rule set would", async () => {
    // Both files are recognized Stripe reports whose adapters write @reference, so the suggestion may map it on
    // both sides; the target's mapping is dropped to leave one side without it.
    const target = { ...edited.target, mappings: edited.target.mappings.filter((mapping) => mapping.field !== "reference") };
    const draft = { ...edited, target, passes: [{ ...edited.passes[0]!, keys: ["reference"] }] };
    const error = await validationErrorOf(previewDraftDefinition(org.ownerCtx, draft, { sourceFileId: balanceId, targetFileId: payoutsId, limit: 100 }));
    expect(error.errors).toEqual([{ pointer: "/definition/passes/0/keys/0", message: "key field 'reference' is not mapped on the target side" }]);
  });
});

describe("startQuickRun", () => {
  it("saves the draft as a rule set and runs the reconciliation to the answer key's charges-vs-payouts outcomes", async () => {
    const started = await startQuickRun(org.ownerCtx, { name: "Balance vs payouts, January", sourceFileId: balanceId, targetFileId: payoutsId, definition: edited });
    expect(started.status).toBe("running");

    const done = await waitFor(async () => {
      const view = await getReconciliation(org.ownerCtx, started.reconciliation.id);
      return view.status === "completed" || view.status === "failed" ? view : undefined;
    }, 120_000, "the quick run to end");
    const api = serializeReconciliation(done);
    expect(api.status).toBe("completed");

    const payouts = countsOf(answerKey.charges_vs_payouts.payouts);
    expect(api.summary).toMatchObject({
      sourceRows: answerKey.sizes.balanceTransactions,
      targetRows: answerKey.sizes.payouts,
      matched: payouts.MATCHED,
      exceptionsByType: { AMOUNT_MISMATCH: payouts.AMOUNT_MISMATCH },
    });

    const results = await getQuickRunResults(org.ownerCtx, api.id);
    expect(results.reconciliation).toEqual(api);
    expect(results.ruleSet).toMatchObject({ name: "Balance vs payouts, January (Quick Run)", version: 1 });
    expect(results.exceptionsByType.map((bucket) => [bucket.key, bucket.count])).toEqual([["AMOUNT_MISMATCH", payouts.AMOUNT_MISMATCH]]);
    expect(results.artifacts.length).toBeGreaterThan(0);
    expect(results.artifacts.every((artifact) => artifact.stepRunId === api.stepRunId)).toBe(true);
  });

  it("refuses a draft that does not fit the files before writing anything", async () => {
    const before = await rowCounts(org.orgId);
    const draft = structuredClone(edited);
    draft.source.mappings[0]!.column = "no_such_column";
    const error = await validationErrorOf(startQuickRun(org.ownerCtx, { name: "Broken", sourceFileId: balanceId, targetFileId: payoutsId, definition: draft }));
    expect(error.errors.map((location) => location.pointer)).toEqual(["/definition/source/mappings/0/column"]);
    expect(await rowCounts(org.orgId)).toEqual(before);
  });

  it("reports another org's file at the side it was chosen for, as not found", async () => {
    const before = await rowCounts(org.orgId);
    const error = await validationErrorOf(startQuickRun(org.ownerCtx, { name: "Theirs", sourceFileId: balanceId, targetFileId: otherOrgFileId, definition: edited }));
    expect(error.errors[0]).toEqual({ pointer: "/targetFileId", message: `No file with id '${otherOrgFileId}'` });
    expect(await rowCounts(org.orgId)).toEqual(before);
  });

  it("refuses the same file on both sides", async () => {
    const error = await validationErrorOf(startQuickRun(org.ownerCtx, { name: "Twice", sourceFileId: payoutsId, targetFileId: payoutsId, definition: edited }));
    expect(error.errors).toEqual([{ pointer: "/targetFileId", message: "is the same file as the source" }]);
  });
});

describe("getQuickRunResults", () => {
  it("does not find another org's reconciliation", async () => {
    const [mine] = await getDb().select({ id: reconciliations.id }).from(reconciliations).where(eq(reconciliations.orgId, org.orgId)).limit(1);
    await expect(getQuickRunResults(otherOrg.ownerCtx, mine!.id)).rejects.toBeInstanceOf(NotFound);
  });
});
