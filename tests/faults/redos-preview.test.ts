import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SPIN_PASS_NAME } from "~/modules/rule-sets/preview-pool/preview-work";
import { createTestOrg, type TestOrg } from "../support/factories";
import { apiClient, type ApiClient } from "../support/web";
import { startFaultApp, type FaultApp } from "./support/app";

/**
 * Issue #16: a rule set's preview ran the engine on the web process's event
 * loop, so `(a|a)+$` on six short cells held every request (health
 * included) for 15 s. Now regexes run on RE2 (linear time) and previews on
 * a thread pool with a budget. The app runs as `npm start` runs it
 * (supervisor → web + worker), with a 2 s budget and one preview thread.
 *
 * The budget case needs a preview that is genuinely slow, and nothing in the
 * rule language is any more; a pass with TEST_SPIN_PASS_NAME makes the
 * preview thread spin (honoured only with NODE_ENV=test, which this harness
 * sets and production never does).
 */
const BUDGET_MS = 2_000;
/** Health must answer within this while a preview spins. */
const HEALTH_LIMIT_MS = 200;

let app: FaultApp;
let org: TestOrg;
let viewer: ApiClient;
let admin: ApiClient;
let sourceFileId: string;
let targetFileId: string;

type Json = Record<string, unknown>;

/** 34 a's and a '!': a backtracking engine tries 2^34 ways to split them before `$` fails. */
const HOSTILE_CELL = `${"a".repeat(34)}!`;
const SOURCE = ["id,code,amount", ...[1, 2, 3, 4, 5, 6].map((id) => `${id},${HOSTILE_CELL},10.00`), ""].join("\n");
const TARGET = ["ref,total", ...[1, 2, 3, 4, 5, 6].map((id) => `${id},10.00`), ""].join("\n");

function definition(passName: string) {
  return {
    source: {
      mappings: [
        { field: "id", column: "id" },
        { field: "amount", column: "amount", transforms: [{ op: "parseAmount" }] },
        { field: "tail", column: "code", transforms: [{ op: "regexExtract", pattern: "(a|a)+$", group: 0 }] },
      ],
      // Reads the raw column: a row is kept when the pattern does not match it.
      filter: 'not regexMatch(code, "(a|a)+$")',
    },
    target: {
      mappings: [
        { field: "id", column: "ref" },
        { field: "amount", column: "total", transforms: [{ op: "parseAmount" }] },
      ],
    },
    passes: [{ name: passName, keys: ["id"] }],
  };
}

beforeAll(async () => {
  // NODE_ENV=test is what lets the spin gate work; the harness's process has it already, this says so.
  app = await startFaultApp({ env: { NODE_ENV: "test", PREVIEW_BUDGET_MS: String(BUDGET_MS), PREVIEW_THREADS: "1" } });
  org = await createTestOrg("Hostile Rules Ltd");
  viewer = apiClient(app.baseUrl, org.keys.viewer);
  admin = apiClient(app.baseUrl, org.keys.admin);
  sourceFileId = await uploadReady("hostile.csv", SOURCE);
  targetFileId = await uploadReady("payments.csv", TARGET);
});

afterAll(async () => {
  await app?.stop();
});

async function uploadReady(name: string, content: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([content], { type: "text/csv" }), name);
  const response = await fetch(`${app.baseUrl}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${org.keys.operator}` }, body: form });
  expect(response.status, await response.clone().text()).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const file = (await (await viewer.get(`/api/v1/files/${id}`)).json()) as Json;
    if (file.status === "ready") return id;
    if (file.status !== "processing" || Date.now() > deadline) throw new Error(`file ${id} is ${String(file.status)}\n${app.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function createRuleSet(name: string, passName = "by id"): Promise<string> {
  const response = await admin.post("/api/v1/rule-sets", { name, definition: definition(passName) });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

function preview(ruleSetId: string): Promise<Response> {
  return viewer.post(`/api/v1/rule-sets/${ruleSetId}/preview`, { sourceFileId, targetFileId, limit: 100 });
}

/** Polls health every 50 ms until `until` settles; returns each answer's status and latency. */
async function pollHealth(until: Promise<unknown>): Promise<Array<{ status: number; ms: number }>> {
  let done = false;
  void until.finally(() => (done = true));
  const answers: Array<{ status: number; ms: number }> = [];
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${app.baseUrl}/api/v1/health`);
    await response.arrayBuffer();
    answers.push({ status: response.status, ms: Math.round(performance.now() - started) });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return answers;
}

describe("hostile rules and the web process", () => {
  it("accepts (a|a)+$ and previews it on the hostile cells at once, as RE2 matches in linear time", async () => {
    const ruleSetId = await createRuleSet("Hostile regex");
    const response = await preview(ruleSetId);
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as { counts: Json; matches: Array<{ source: Array<{ values: Json }> }> };
    expect(body.counts).toEqual({ matches: 6, exceptions: 0, issues: { source: 0, target: 0 } });
    // The pattern never matches: the cells end in '!'. The filter keeps every row for the same reason.
    expect(body.matches.map((match) => match.source[0]!.values.tail)).toEqual([null, null, null, null, null, null]);
  });

  it("stops a preview past its budget with a 422 problem, while health keeps answering within 200 ms", async () => {
    const ruleSetId = await createRuleSet("Spins past the budget", TEST_SPIN_PASS_NAME);
    const slow = preview(ruleSetId);
    const answers = await pollHealth(slow);
    const response = await slow;

    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({
      type: "/problems/preview-budget-exceeded",
      status: 422,
      detail: `This preview exceeded its ${BUDGET_MS / 1000} s budget and was stopped. Preview a smaller sample or simplify the rules' filters and expressions.`,
    });
    // At least the budget's worth of polls: the preview really ran that long.
    expect(answers.length).toBeGreaterThanOrEqual(BUDGET_MS / 250);
    expect(answers.filter((answer) => answer.status !== 200 || answer.ms > HEALTH_LIMIT_MS)).toEqual([]);
  });

  it("refuses a preview with 503 and Retry-After when the thread and its queue are full, then serves again on a fresh thread", async () => {
    const spinning = await createRuleSet("Spins, to fill the pool", TEST_SPIN_PASS_NAME);
    const normal = await createRuleSet("Ordinary");
    // One thread: the first spins, the second waits its turn, the third finds no room.
    const first = preview(spinning);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = preview(spinning);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const third = await preview(normal);

    expect(third.status).toBe(503);
    expect(third.headers.get("retry-after")).toBe(String(BUDGET_MS / 1000));
    expect(await third.json()).toMatchObject({ type: "/problems/preview-capacity-exhausted", status: 503 });
    expect([(await first).status, (await second).status]).toEqual([422, 422]);

    const after = await preview(normal);
    expect(after.status, await after.clone().text()).toBe(200);
  });
});
