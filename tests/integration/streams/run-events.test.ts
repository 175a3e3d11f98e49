import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { runEventPresenter } from "~/api/views/runs";
import { openRunEventStream } from "~/modules/streams/runs/run-events.server";
import { getDb } from "~/platform/db/client";
import { reconciliationRuns, reconciliationStepRuns } from "~/platform/db/schema";
import type { AttemptRecord } from "~/core/streams/runtime-types";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";
import { insertStreamRun } from "../../support/stream-rows";
import { startWebApp } from "../../support/web";

let baseUrl: string;
let org: TestOrg;

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Timeline BV");
});

interface ServerSentEvent {
  event: string;
  data: unknown;
}

/** Reads Server-Sent Events off a byte stream: named events parsed, comments kept as `comment` events. */
class EventReader {
  private buffer = "";
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  /** The next event or comment; null once the server closed the stream. */
  async next(): Promise<ServerSentEvent | null> {
    for (;;) {
      const boundary = this.buffer.indexOf("\n\n");
      if (boundary >= 0) {
        const block = this.buffer.slice(0, boundary);
        this.buffer = this.buffer.slice(boundary + 2);
        const parsed = parseBlock(block);
        if (parsed) return parsed;
        continue;
      }
      const { done, value } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** The next named event, skipping heartbeat comments. */
  async nextEvent(): Promise<ServerSentEvent | null> {
    for (;;) {
      const event = await this.next();
      if (event?.event !== "comment") return event;
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel();
  }
}

function parseBlock(block: string): ServerSentEvent | null {
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) return { event: "comment", data: line.slice(1).trim() };
    if (line.startsWith("event: ")) event = line.slice(7);
    if (line.startsWith("data: ")) data.push(line.slice(6));
  }
  // A block with only `retry:` carries no event.
  if (data.length === 0) return null;
  return { event, data: JSON.parse(data.join("\n")) };
}

async function openEvents(runId: string, apiKey: string): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/stream-runs/${runId}/events`, { headers: { Authorization: `Bearer ${apiKey}`, Accept: "text/event-stream" } });
}

async function setStepRun(id: string, values: Partial<typeof reconciliationStepRuns.$inferInsert>): Promise<void> {
  await getDb().update(reconciliationStepRuns).set({ ...values, updatedAt: new Date() }).where(eq(reconciliationStepRuns.id, id));
}

async function setRun(id: string, values: Partial<typeof reconciliationRuns.$inferInsert>): Promise<void> {
  await getDb().update(reconciliationRuns).set({ ...values, updatedAt: new Date() }).where(eq(reconciliationRuns.id, id));
}

describe("GET /api/v1/stream-runs/{id}/events", () => {
  it("sends a snapshot, then each change as it happens, then end, and closes", async () => {
    const rows = await insertStreamRun(org, {
      runState: "running",
      steps: [
        { key: "orders_charges", state: "running", attempt: 1 },
        { key: "charges_payouts", state: "pending" },
      ],
    });
    const [first, second] = rows.stepRuns;
    const response = await openEvents(rows.runId, org.keys.viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = new EventReader(response.body!);

    const snapshot = await events.nextEvent();
    expect(snapshot).toEqual({
      event: "snapshot",
      data: {
        run: expect.objectContaining({ id: rows.runId, object: "stream_run", streamId: rows.streamId, state: "running", finishedAt: null }),
        stepRuns: [
          expect.objectContaining({ id: first!.id, object: "step_run", stepKey: "orders_charges", state: "running", attempt: 1, attempts: [] }),
          expect.objectContaining({ id: second!.id, object: "step_run", stepKey: "charges_payouts", state: "pending", attempt: 0, attempts: [] }),
        ],
      },
    });

    const attempts: AttemptRecord[] = [
      {
        attempt: 1,
        idempotencyKey: `${first!.id}:1`,
        startedAt: "2026-12-01T10:00:00.000Z",
        finishedAt: "2026-12-01T10:00:01.500Z",
        outcome: "succeeded",
        durationMs: 1500,
      },
    ];
    await setStepRun(first!.id, { state: "succeeded", attempts, finishedAt: new Date() });
    expect(await events.nextEvent()).toEqual({
      event: "step_run",
      data: expect.objectContaining({ id: first!.id, state: "succeeded", attempts }),
    });

    await setStepRun(second!.id, { state: "running", attempt: 1, startedAt: new Date() });
    expect(await events.nextEvent()).toEqual({ event: "step_run", data: expect.objectContaining({ id: second!.id, state: "running", attempt: 1 }) });

    await getDb().transaction(async (tx) => {
      await tx.update(reconciliationStepRuns).set({ state: "succeeded", finishedAt: new Date(), updatedAt: new Date() }).where(eq(reconciliationStepRuns.id, second!.id));
      await tx.update(reconciliationRuns).set({ state: "succeeded", finishedAt: new Date(), updatedAt: new Date() }).where(eq(reconciliationRuns.id, rows.runId));
    });
    // Steps before their run: a client never sees the run finished while a step still looks running.
    expect(await events.nextEvent()).toEqual({ event: "step_run", data: expect.objectContaining({ id: second!.id, state: "succeeded" }) });
    expect(await events.nextEvent()).toEqual({ event: "run", data: expect.objectContaining({ id: rows.runId, state: "succeeded" }) });
    expect(await events.nextEvent()).toEqual({ event: "end", data: { runId: rows.runId, state: "succeeded" } });
    expect(await events.next()).toBeNull();
  });

  it("answers a run that already ended with its snapshot and end at once", async () => {
    const rows = await insertStreamRun(org, { runState: "partially_succeeded" });
    const events = new EventReader((await openEvents(rows.runId, org.keys.viewer)).body!);
    const snapshot = (await events.nextEvent()) as { event: string; data: { stepRuns: Array<{ id: string; state: string }> } };
    expect(snapshot.event).toBe("snapshot");
    expect(snapshot.data.stepRuns.map((stepRun) => [stepRun.id, stepRun.state])).toEqual(rows.stepRuns.map((stepRun) => [stepRun.id, "succeeded"]));
    expect(await events.nextEvent()).toEqual({ event: "end", data: { runId: rows.runId, state: "partially_succeeded" } });
    expect(await events.next()).toBeNull();
  });

  it("hides another org's run behind a 404 problem, not an event stream", async () => {
    const rows = await insertStreamRun(org, { runState: "running", steps: [{ key: "only", state: "running" }] });
    const intruder = await createTestOrg("Curious Corp");
    const response = await openEvents(rows.runId, intruder.keys.owner);
    expect(response.status).toBe(404);
    expect((await problemOf(response)).type).toBe("/problems/not-found");
    const unknown = await openEvents("run_01JD0000000000000000000000", org.keys.viewer);
    expect(unknown.status).toBe(404);
    const classic = await insertStreamRun(org, { system: true, runState: "running", steps: [{ key: "reconcile", state: "running" }] });
    expect((await openEvents(classic.runId, org.keys.viewer)).status).toBe(404);
  });

  it("sends heartbeat comments while nothing changes", async () => {
    const rows = await insertStreamRun(org, { runState: "running", steps: [{ key: "only", state: "running" }] });
    const client = new AbortController();
    const events = new EventReader(await openRunEventStream(org.ownerCtx, rows.runId, { signal: client.signal, present: runEventPresenter, pollIntervalMs: 5, heartbeatIntervalMs: 1 }));
    expect((await events.next())?.event).toBe("snapshot");
    expect(await events.next()).toEqual({ event: "comment", data: "heartbeat" });
    client.abort();
  });

  it("stops and closes the stream when the client goes away", async () => {
    const rows = await insertStreamRun(org, { runState: "running", steps: [{ key: "only", state: "running" }] });
    const client = new AbortController();
    const events = new EventReader(await openRunEventStream(org.ownerCtx, rows.runId, { signal: client.signal, present: runEventPresenter, pollIntervalMs: 5 }));
    expect((await events.nextEvent())?.event).toBe("snapshot");
    client.abort();
    await setRun(rows.runId, { state: "succeeded", finishedAt: new Date() });
    // Closed without an end event: nothing more was read after the client left.
    expect(await events.nextEvent()).toBeNull();
  });
});
