import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { insertStreamRun, type StreamRunRows } from "../../support/stream-rows";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";

let baseUrl: string;
let org: TestOrg;
let viewer: ApiClient;
let permanent: StreamRunRows;
let exhausted: StreamRunRows;
let tied: StreamRunRows;

const permanentFailure = {
  classification: "permanent" as const,
  code: "rule_error",
  message: "Mapping 'amount' names column 'Amount', which the input does not have",
  errors: [{ pointer: "/source/mappings/1/column", message: "no such column" }],
};
const transientFailure = { classification: "transient" as const, code: "storage_io", message: "EIO while writing the artifact" };

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Dead Letters Ltd");
  viewer = apiClient(baseUrl, org.keys.viewer);
  // Oldest first; the list shows them newest first.
  permanent = await insertStreamRun(org, {
    streamName: "Orders to charges",
    runState: "failed",
    steps: [
      { key: "orders_charges", state: "failed", attempt: 1, failure: permanentFailure, deadLetteredAt: new Date("2026-11-30T09:00:00.000Z") },
      { key: "charges_payouts", state: "skipped" },
    ],
  });
  exhausted = await insertStreamRun(org, {
    streamName: "Payouts to bank",
    runState: "partially_succeeded",
    steps: [
      { key: "payouts_bank", state: "failed", attempt: 3, maxAttempts: 3, failure: transientFailure, deadLetteredAt: new Date("2026-12-01T09:00:00.000Z") },
    ],
  });
  // Two dead letters at one instant: keyset pagination must neither skip nor repeat one.
  tied = await insertStreamRun(org, {
    runState: "failed",
    steps: [
      { key: "first", state: "failed", failure: transientFailure, deadLetteredAt: new Date("2026-12-01T12:00:00.000Z") },
      { key: "second", state: "failed", failure: transientFailure, deadLetteredAt: new Date("2026-12-01T12:00:00.000Z") },
    ],
  });
  // Failed but about to be retried (not dead-lettered), and a step retried since it was dead-lettered: neither is listed.
  await insertStreamRun(org, { runState: "running", steps: [{ key: "retrying", state: "retrying", failure: transientFailure }] });
  await insertStreamRun(org, {
    runState: "running",
    steps: [{ key: "requeued", state: "queued", failure: permanentFailure, deadLetteredAt: new Date("2026-12-01T13:00:00.000Z") }],
  });
});

describe("GET /api/v1/dead-letters", () => {
  it("lists failed step runs waiting for a retry, newest first, with their failure and retry URL", async () => {
    const response = await viewer.get("/api/v1/dead-letters");
    expect(response.status).toBe(200);
    const [tiedLater, tiedEarlier] = [...tied.stepRuns].sort((left, right) => right.id.localeCompare(left.id));
    const body = (await response.json()) as { data: Array<{ id: string }> };
    expect(body).toEqual({
      object: "list",
      data: [
        expect.objectContaining({ id: tiedLater!.id, deadLetteredAt: "2026-12-01T12:00:00.000Z" }),
        expect.objectContaining({ id: tiedEarlier!.id, deadLetteredAt: "2026-12-01T12:00:00.000Z" }),
        {
          id: exhausted.stepRuns[0]!.id,
          object: "dead_letter",
          stepRunId: exhausted.stepRuns[0]!.id,
          runId: exhausted.runId,
          streamId: exhausted.streamId,
          streamName: "Payouts to bank",
          stepKey: "payouts_bank",
          attempt: 3,
          maxAttempts: 3,
          failure: { ...transientFailure, errors: [] },
          deadLetteredAt: "2026-12-01T09:00:00.000Z",
          createdAt: "2026-12-01T09:00:00.000Z",
          retryUrl: `/api/v1/step-runs/${exhausted.stepRuns[0]!.id}/retry`,
        },
        {
          id: permanent.stepRuns[0]!.id,
          object: "dead_letter",
          stepRunId: permanent.stepRuns[0]!.id,
          runId: permanent.runId,
          streamId: permanent.streamId,
          streamName: "Orders to charges",
          stepKey: "orders_charges",
          attempt: 1,
          maxAttempts: 3,
          failure: permanentFailure,
          deadLetteredAt: "2026-11-30T09:00:00.000Z",
          createdAt: "2026-11-30T09:00:00.000Z",
          retryUrl: `/api/v1/step-runs/${permanent.stepRuns[0]!.id}/retry`,
        },
      ],
      hasMore: false,
      nextCursor: null,
    });
  });

  it("pages through them by keyset without skipping or repeating ties", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (await viewer.get(`/api/v1/dead-letters?limit=1${cursor ? `&cursor=${cursor}` : ""}`)).json()) as {
        data: Array<{ id: string }>;
        nextCursor: string | null;
      };
      seen.push(...page.data.map((deadLetter) => deadLetter.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await (await viewer.get("/api/v1/dead-letters")).json()) as { data: Array<{ id: string }> };
    expect(seen).toEqual(all.data.map((deadLetter) => deadLetter.id));
    expect(seen).toHaveLength(4);
  });

  it("filters by stream", async () => {
    const body = (await (await viewer.get(`/api/v1/dead-letters?streamId=${permanent.streamId}`)).json()) as { data: Array<{ id: string }> };
    expect(body.data.map((deadLetter) => deadLetter.id)).toEqual([permanent.stepRuns[0]!.id]);
  });

  it("refuses a cursor it did not issue", async () => {
    const response = await viewer.get("/api/v1/dead-letters?cursor=bm90LWEtY3Vyc29y");
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([{ parameter: "cursor", message: "not a cursor issued by this API" }]);
  });

  it("never lists another org's dead letters", async () => {
    const other = await createTestOrg("Quiet Org");
    const body = await (await apiClient(baseUrl, other.keys.viewer).get("/api/v1/dead-letters")).json();
    expect(body).toEqual({ object: "list", data: [], hasMore: false, nextCursor: null });
  });
});

describe("stream runtime metrics on /metrics", () => {
  it("exports run outcomes, step durations, retries and dead letters read from the database", async () => {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const sample = (series: string) => {
      const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    // Runs inserted above: 2 failed, 1 partially succeeded, 2 running.
    expect(sample('reconstream_stream_runs{state="failed"}')).toBe(2);
    expect(sample('reconstream_stream_runs{state="partially_succeeded"}')).toBe(1);
    expect(sample('reconstream_stream_runs{state="running"}')).toBe(2);
    expect(sample("reconstream_dead_letters")).toBe(4);
    // attempt - 1 summed: exhausted's 3 attempts are 2 retries; every other step ran once or never.
    expect(sample("reconstream_step_run_retries")).toBe(2);
    // Four failed step runs finished (the factory runs each for about 2 s), none succeeded.
    expect(sample('reconstream_step_run_duration_seconds_count{state="failed"}')).toBe(4);
    expect(sample('reconstream_step_run_duration_seconds_bucket{le="1",state="failed"}')).toBe(0);
    expect(sample('reconstream_step_run_duration_seconds_bucket{le="5",state="failed"}')).toBe(4);
    expect(sample('reconstream_step_run_duration_seconds_bucket{le="+Inf",state="failed"}')).toBe(4);
    expect(sample('reconstream_step_run_duration_seconds_count{state="succeeded"}')).toBe(0);
    expect(text).toContain("# TYPE reconstream_step_run_duration_seconds histogram");
  });
});
