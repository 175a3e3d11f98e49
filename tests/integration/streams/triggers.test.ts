import { createHmac, randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Runner } from "graphile-worker";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ruleSetDefinitionSchema } from "~/core/engine/rule-set";
import { getEnv } from "~/platform/env.server";
import { listAuditEvents } from "~/modules/audit/audit.server";
import { setFeatureFlag } from "~/modules/tenancy/feature-flags.server";
import { profileUploadedFile } from "~/modules/files/profile.server";
import { enqueueInboxTriggers } from "~/modules/streams/index.server";
import { createRuleSet } from "~/modules/rule-sets/rule-sets.server";
import { tickSchedules } from "~/modules/streams/triggers/schedules.server";
import { startQueuedTriggeredRun } from "~/modules/streams/triggers/firing.server";
import { enqueueRunCompletionTriggers } from "~/modules/streams/triggers/events.server";
import { manualTrigger, startStreamRun } from "~/modules/streams/runs/stream-runs.server";
import { createStream } from "~/modules/streams/definition/streams.server";
import { getDb } from "~/platform/db/client";
import { reconciliationRuns, streamTriggerFirings, streamTriggers } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { startWorker } from "../../../worker/runner";
import { CLOCK_JOB_PRIORITY } from "../../../worker/tasks";
import { apiClient, startWebApp, type ApiClient } from "../../support/web";
import { createTestOrg, problemOf, type TestOrg } from "../../support/factories";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let baseUrl: string;
let org: TestOrg;
let admin: ApiClient;
let viewer: ApiClient;
let streamId: string;
let otherStreamId: string;
let ordersFileId: string;
const runners: Runner[] = [];

beforeAll(async () => {
  ({ baseUrl } = await startWebApp());
  org = await createTestOrg("Triggers Inc");
  admin = apiClient(baseUrl, org.keys.admin);
  viewer = apiClient(baseUrl, org.keys.viewer);
  ordersFileId = await uploadReadyFile(org, "orders.csv");
  const { ruleSet } = await createRuleSet(org.ownerCtx, { name: "Orders vs orders", definition: ruleSetDefinitionSchema.parse(ruleSetDefinition) });
  streamId = (await createStream(org.ownerCtx, { name: "Orders", definition: oneStepStream(ruleSet.id, ordersFileId) as never })).stream.id;
  otherStreamId = (await createStream(org.ownerCtx, { name: "Downstream", definition: oneStepStream(ruleSet.id, ordersFileId) as never })).stream.id;
});

afterAll(async () => {
  for (const runner of runners) await runner.stop();
});

const ruleSetDefinition = {
  source: { mappings: [{ field: "id", column: "order_id" }] },
  target: { mappings: [{ field: "id", column: "order_id" }] },
  passes: [{ name: "by order id", keys: ["id"] }],
};

/** One step: the run parameter `orders` against a fixed file. */
function oneStepStream(ruleSetId: string, targetFileId: string): Json {
  return {
    settings: { parameters: [{ name: "orders", required: true }] },
    steps: [
      {
        key: "orders",
        name: "Orders",
        ruleSetId,
        inputs: { source: { kind: "FILE", parameter: "orders" }, target: { kind: "FILE", fileId: targetFileId } },
      },
    ],
  };
}

async function uploadReadyFile(owner: TestOrg, name: string, inbox?: string): Promise<string> {
  const form = new FormData();
  form.append("file", new Blob([`order_id,amount\nA-${Math.random()},10.00\n`], { type: "text/csv" }), name);
  if (inbox) form.append("inbox", inbox);
  const response = await fetch(`${baseUrl}/api/v1/files`, { method: "POST", headers: { Authorization: `Bearer ${owner.keys.operator}` }, body: form });
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  await profileUploadedFile(owner.ownerCtx, id, { lastAttempt: true, whenReady: enqueueInboxTriggers });
  return id;
}

async function createTrigger(body: Json, onStream = streamId): Promise<Json> {
  const response = await admin.post(`/api/v1/streams/${onStream}/triggers`, body);
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(201);
  return (await response.json()) as Json;
}

/** Written out here rather than imported, so the tests check the documented scheme, not our own helper. */
function sign(secret: string, timestamp: number, deliveryId: string, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${deliveryId}.${body}`).digest("hex")}`;
}

function deliver(triggerId: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/hooks/${triggerId}`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body });
}

/** Signs for the delivery id in `extra` (a fresh one when it has none). */
function signedHeaders(secret: string, body: string, extra: Record<string, string> = {}, timestamp = Math.floor(Date.now() / 1000)) {
  const deliveryId = extra["Reconstream-Delivery"] ?? `dlv-${randomUUID()}`;
  return { "Reconstream-Delivery": deliveryId, "Reconstream-Signature": sign(secret, timestamp, deliveryId, body), ...extra };
}

async function firingsOf(triggerId: string) {
  return inOrgTransaction(org.orgId, (tx) =>
    tx
      .select({ dedupeKey: streamTriggerFirings.dedupeKey, outcome: streamTriggerFirings.outcome, runId: streamTriggerFirings.runId, detail: streamTriggerFirings.detail })
      .from(streamTriggerFirings)
      .where(eq(streamTriggerFirings.triggerId, triggerId))
      .orderBy(streamTriggerFirings.dedupeKey),
  );
}

async function runsOfTrigger(triggerId: string) {
  return inOrgTransaction(org.orgId, (tx) =>
    tx
      .select()
      .from(reconciliationRuns)
      .where(sql`${reconciliationRuns.trigger}->>'triggerId' = ${triggerId}`),
  );
}

async function queuedStarts(triggerId: string): Promise<Array<{ key: string; payload: Json }>> {
  const result = await getDb().execute(
    sql`select j.key, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'start_triggered_run' and j.payload->>'triggerId' = ${triggerId} order by j.key`,
  );
  return (result as unknown as Array<{ key: string; payload: Json }>).map((row) => ({ key: row.key, payload: row.payload }));
}

/** Makes a schedule trigger look as if the scheduler last considered it at `lastTickAt`. */
async function rewindSchedule(triggerId: string, lastTickAt: Date): Promise<void> {
  await getDb().update(streamTriggers).set({ lastTickAt, nextFireAt: lastTickAt }).where(eq(streamTriggers.id, triggerId));
}

/** Ticks see every due trigger in the database: switch off the other schedules so a test's counts are its own. */
async function onlyThisSchedule(triggerId: string): Promise<void> {
  await getDb()
    .update(streamTriggers)
    .set({ enabled: false })
    .where(and(eq(streamTriggers.kind, "schedule"), sql`${streamTriggers.id} <> ${triggerId}`));
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const berlinWallTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

describe("trigger definitions", () => {
  it("creates a schedule trigger and shows its next five fire times, each 06:00 on a weekday in Berlin", async () => {
    const trigger = await createTrigger({ name: "Weekday mornings", parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "0 6 * * 1-5", timeZone: "Europe/Berlin" } });
    expect(trigger).toMatchObject({
      object: "stream_trigger",
      streamId,
      kind: "schedule",
      name: "Weekday mornings",
      enabled: true,
      config: { kind: "schedule", cron: "0 6 * * 1-5", timeZone: "Europe/Berlin", missedPolicy: "skip", catchUpMax: 3 },
      parameters: { orders: ordersFileId },
      webhook: null,
    });
    const upcoming = trigger.schedule.upcoming as string[];
    expect(upcoming).toHaveLength(5);
    expect(upcoming.map((instant) => berlinWallTime.format(new Date(instant)).replace(/^\w+ /, ""))).toEqual(Array(5).fill("06:00"));
    expect(upcoming.every((instant) => !/^(Sat|Sun)/.test(berlinWallTime.format(new Date(instant))))).toBe(true);
    expect([...upcoming].sort()).toEqual(upcoming);
    expect(trigger.schedule.timeZone).toBe("Europe/Berlin");
    expect(trigger.schedule.nextFireAt).toBe(upcoming[0]);
  });

  it("shows a webhook trigger's secret once, at creation, and stores it only encrypted", async () => {
    const trigger = await createTrigger({ config: { kind: "webhook" } });
    expect(trigger.webhook).toMatchObject({ path: `/api/v1/hooks/${trigger.id}`, secretSet: true });
    expect(trigger.webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const fetched = (await (await admin.get(`/api/v1/triggers/${trigger.id}`)).json()) as Json;
    expect(fetched.webhook).toEqual({ path: `/api/v1/hooks/${trigger.id}`, secretSet: true, signature: trigger.webhook.signature });
    const listed = (await (await admin.get(`/api/v1/streams/${streamId}/triggers`)).json()) as Json;
    expect(JSON.stringify(listed)).not.toContain(trigger.webhook.secret);
    const [row] = await getDb().select().from(streamTriggers).where(eq(streamTriggers.id, trigger.id));
    expect(row!.secretCiphertext).toMatch(/^v1:/);
    expect(row!.secretCiphertext).not.toContain(trigger.webhook.secret);
  });

  it("lets a viewer list and read triggers but not create, change or delete them", async () => {
    const trigger = await createTrigger({ config: { kind: "inbox", inbox: "viewer-test", parameter: "orders" } });
    expect((await viewer.get(`/api/v1/streams/${streamId}/triggers`)).status).toBe(200);
    expect((await viewer.get(`/api/v1/triggers/${trigger.id}`)).status).toBe(200);
    const attempts = [
      await viewer.post(`/api/v1/streams/${streamId}/triggers`, { config: { kind: "webhook" } }),
      await viewer.patch(`/api/v1/triggers/${trigger.id}`, { enabled: false }),
      await viewer.delete(`/api/v1/triggers/${trigger.id}`),
      await viewer.post(`/api/v1/triggers/${trigger.id}/rotate-secret`, {}),
      await apiClient(baseUrl, org.keys.operator).post(`/api/v1/streams/${streamId}/triggers`, { config: { kind: "webhook" } }),
    ];
    expect(attempts.map((response) => response.status)).toEqual([403, 403, 403, 403, 403]);
    expect((await (await admin.get(`/api/v1/triggers/${trigger.id}`)).json()).enabled).toBe(true);
  });

  it("refuses bad configs with located problems", async () => {
    const cases: Array<[Json, string]> = [
      [{ config: { kind: "schedule", cron: "0 6 * * * *", timeZone: "UTC" } }, "/config/cron"],
      [{ config: { kind: "schedule", cron: "0 6 * * *", timeZone: "Europe/Atlantis" } }, "/config/timeZone"],
      [{ config: { kind: "schedule", cron: "0 6 * * *", missedPolicy: "catch_up", catchUpMax: 0 } }, "/config/catchUpMax"],
      [{ config: { kind: "run_completion", upstreamStreamId: streamId } }, "/config/upstreamStreamId"],
      [{ config: { kind: "run_completion", upstreamStreamId: "str_missing" } }, "/config/upstreamStreamId"],
      [{ config: { kind: "inbox", inbox: "x" } }, "/config/parameter"],
      [{ config: { kind: "carrier_pigeon" } }, "/config/kind"],
      [{ config: { kind: "schedule", cron: "0 6 * * *" } }, "/parameters"],
      [{ parameters: { orders: "file_x", region: "eu" }, config: { kind: "webhook" } }, "/parameters/region"],
      [{ config: { kind: "inbox", inbox: "stripe", parameter: "payouts" } }, "/config/parameter"],
    ];
    const pointers: string[] = [];
    for (const [body] of cases) {
      const response = await admin.post(`/api/v1/streams/${streamId}/triggers`, body);
      expect(response.status).toBe(422);
      const problem = await problemOf(response);
      pointers.push((problem.errors as Array<{ pointer: string }>)[0]!.pointer);
    }
    expect(pointers).toEqual(cases.map(([, pointer]) => pointer));
  });

  it("refuses a run-completion trigger that would close a loop of streams", async () => {
    const forward = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "run_completion", upstreamStreamId: streamId } }, otherStreamId);
    const response = await admin.post(`/api/v1/streams/${streamId}/triggers`, {
      parameters: { orders: ordersFileId },
      config: { kind: "run_completion", upstreamStreamId: otherStreamId },
    });
    expect(response.status).toBe(422);
    expect(((await problemOf(response)).errors as Json[])[0]).toEqual({
      pointer: "/config/upstreamStreamId",
      message: `stream '${otherStreamId}' already runs after '${streamId}' finishes`,
    });
    expect((await admin.delete(`/api/v1/triggers/${forward.id}`)).status).toBe(200);
  });

  it("changes a trigger, but never its kind, and audits create, update and delete without the secret", async () => {
    const trigger = await createTrigger({ name: "hook", config: { kind: "webhook" } });
    const kindChange = await admin.patch(`/api/v1/triggers/${trigger.id}`, { config: { kind: "inbox", inbox: "a", parameter: "orders" } });
    expect(kindChange.status).toBe(422);
    const patched = await admin.patch(`/api/v1/triggers/${trigger.id}`, { name: "ERP hook", enabled: false, parameters: { orders: ordersFileId } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: "ERP hook", enabled: false, parameters: { orders: ordersFileId } });
    const deleted = await admin.delete(`/api/v1/triggers/${trigger.id}`);
    expect(await deleted.json()).toMatchObject({ id: trigger.id, deleted: true });
    expect((await admin.get(`/api/v1/triggers/${trigger.id}`)).status).toBe(404);

    const audit = await listAuditEvents(org.ownerCtx, { limit: 10, resourceType: "stream_trigger", resourceId: trigger.id });
    expect(audit.events.map((event) => [event.action, event.actorType, event.actorId]).reverse()).toEqual([
      ["stream_trigger.created", "api_key", org.keyIds.admin],
      ["stream_trigger.updated", "api_key", org.keyIds.admin],
      ["stream_trigger.deleted", "api_key", org.keyIds.admin],
    ]);
    expect(audit.events.find((event) => event.action === "stream_trigger.updated")!.changes).toMatchObject({
      before: { name: "hook", enabled: true, secretSet: true },
      after: { name: "ERP hook", enabled: false, secretSet: true },
    });
    expect(JSON.stringify(audit.events)).not.toContain(trigger.webhook.secret);
  });

  it("retires rather than deletes a trigger that has fired, so its firings keep pointing at it", async () => {
    const trigger = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "0 * * * *", timeZone: "UTC" } });
    await onlyThisSchedule(trigger.id);
    await rewindSchedule(trigger.id, new Date(Date.now() - 3 * 3_600_000));
    await tickSchedules(new Date());
    expect((await firingsOf(trigger.id)).map((firing) => firing.outcome)).toEqual(["skipped", "skipped"]);

    const response = await admin.delete(`/api/v1/triggers/${trigger.id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: trigger.id, deleted: false, enabled: false });
    expect((await firingsOf(trigger.id)).length).toBe(2);
    const [action] = (await listAuditEvents(org.ownerCtx, { limit: 1, resourceType: "stream_trigger", resourceId: trigger.id })).events;
    expect(action!.action).toBe("stream_trigger.retired");
  });

  it("answers 404 on every trigger endpoint when the org's streams flag is off", async () => {
    const other = await createTestOrg("Flagless");
    const { ruleSet } = await createRuleSet(other.ownerCtx, { name: "r", definition: ruleSetDefinitionSchema.parse(ruleSetDefinition) });
    const fileId = await uploadReadyFile(other, "o.csv");
    const stream = (await createStream(other.ownerCtx, { name: "s", definition: oneStepStream(ruleSet.id, fileId) as never })).stream;
    const client = apiClient(baseUrl, other.keys.owner);
    const created = await client.post(`/api/v1/streams/${stream.id}/triggers`, { config: { kind: "webhook" } });
    const { id, webhook } = (await created.json()) as Json;
    await setFeatureFlag(other.ownerCtx, "streams", false);

    const body = "{}";
    const statuses = [
      (await client.get(`/api/v1/streams/${stream.id}/triggers`)).status,
      (await client.post(`/api/v1/streams/${stream.id}/triggers`, { config: { kind: "webhook" } })).status,
      (await client.get(`/api/v1/triggers/${id}`)).status,
      (await client.patch(`/api/v1/triggers/${id}`, { enabled: false })).status,
      (await client.post(`/api/v1/triggers/${id}/rotate-secret`, {})).status,
      (await client.delete(`/api/v1/triggers/${id}`)).status,
      (await deliver(id, body, signedHeaders(webhook.secret, body))).status,
    ];
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404]);
  });
});

describe("schedules", () => {
  it("queues each due tick once when two schedulers tick at the same moment", async () => {
    const trigger = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "*/10 * * * *", timeZone: "Europe/Berlin" } });
    const now = new Date();
    await onlyThisSchedule(trigger.id);
    await rewindSchedule(trigger.id, new Date(now.getTime() - 10 * 60_000));
    const [first, second] = await Promise.all([tickSchedules(now), tickSchedules(now)]);
    expect(first.ticksQueued + second.ticksQueued).toBe(1);
    const queued = await queuedStarts(trigger.id);
    expect(queued.length).toBe(1);
    const tick = queued[0]!.payload.dedupeKey as string;
    expect(queued[0]!.key).toBe(`trigger:${trigger.id}:tick:${tick}`);
    expect(queued[0]!.payload.runTrigger).toEqual({ kind: "schedule", triggerId: trigger.id, scheduledFor: tick });
    expect(new Date(tick).getUTCMinutes() % 10).toBe(0);
    // A third tick finds nothing left due.
    expect(await tickSchedules(now)).toEqual({ triggers: 0, ticksQueued: 0, ticksSkipped: 0 });
  });

  it("starts the same tick exactly once when two workers run its start concurrently", async () => {
    const trigger = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "0 6 * * *", timeZone: "Europe/Berlin" } });
    const scheduledFor = "2026-12-01T05:00:00.000Z";
    const job = { triggerId: trigger.id, dedupeKey: scheduledFor, runTrigger: { kind: "schedule" as const, triggerId: trigger.id, scheduledFor }, parameters: {} };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => startQueuedTriggeredRun(org.orgId, job)));
    const runs = await runsOfTrigger(trigger.id);
    expect(runs.length).toBe(1);
    expect(runs[0]!.trigger).toEqual({ kind: "schedule", triggerId: trigger.id, scheduledFor });
    expect(runs[0]!.parameters).toEqual({ orders: ordersFileId });
    expect(await firingsOf(trigger.id)).toEqual([{ dedupeKey: scheduledFor, outcome: "fired", runId: runs[0]!.id, detail: null }]);
    // Every delivery either named that run or was told to retry while it was being started.
    for (const result of results) {
      if (result.status === "fulfilled") expect(result.value?.runId).toBe(runs[0]!.id);
      else expect(result.reason.name).toBe("FiringInFlight");
    }
  });

  it("under skip, fires only the newest missed tick and records the others as skipped", async () => {
    const trigger = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "0 * * * *", timeZone: "UTC", missedPolicy: "skip" } });
    const now = new Date("2026-12-02T10:30:00Z");
    await onlyThisSchedule(trigger.id);
    await rewindSchedule(trigger.id, new Date("2026-12-02T06:00:00Z"));
    expect(await tickSchedules(now)).toEqual({ triggers: 1, ticksQueued: 1, ticksSkipped: 3 });
    expect((await queuedStarts(trigger.id)).map((job) => job.payload.dedupeKey)).toEqual(["2026-12-02T10:00:00.000Z"]);
    expect(await firingsOf(trigger.id)).toEqual(
      ["07", "08", "09"].map((hour) => ({ dedupeKey: `2026-12-02T${hour}:00:00.000Z`, outcome: "skipped", runId: null, detail: "missed tick (policy: skip, only the newest runs)" })),
    );
    const [row] = await getDb().select().from(streamTriggers).where(eq(streamTriggers.id, trigger.id));
    expect([row!.lastTickAt?.toISOString(), row!.nextFireAt?.toISOString()]).toEqual(["2026-12-02T10:00:00.000Z", "2026-12-02T11:00:00.000Z"]);
    // A viewer sees what the schedule skipped and why, newest first.
    const listed = (await (await viewer.get(`/api/v1/triggers/${trigger.id}/firings?outcome=skipped&limit=2`)).json()) as Json;
    expect(listed.data.map((firing: Json) => [firing.object, firing.dedupeKey, firing.outcome, firing.runId])).toEqual([
      ["trigger_firing", "2026-12-02T09:00:00.000Z", "skipped", null],
      ["trigger_firing", "2026-12-02T08:00:00.000Z", "skipped", null],
    ]);
    expect(listed.hasMore).toBe(true);
    expect((await (await viewer.get(`/api/v1/triggers/${trigger.id}/firings?outcome=fired`)).json()).data).toEqual([]);
  });

  it("under catch_up, fires at most catchUpMax missed ticks, newest last, and skips the older ones", async () => {
    const trigger = await createTrigger({
      parameters: { orders: ordersFileId },
      config: { kind: "schedule", cron: "0 * * * *", timeZone: "UTC", missedPolicy: "catch_up", catchUpMax: 2 },
    });
    await onlyThisSchedule(trigger.id);
    await rewindSchedule(trigger.id, new Date("2026-12-02T06:00:00Z"));
    expect(await tickSchedules(new Date("2026-12-02T10:30:00Z"))).toEqual({ triggers: 1, ticksQueued: 2, ticksSkipped: 2 });
    expect((await queuedStarts(trigger.id)).map((job) => job.payload.dedupeKey)).toEqual(["2026-12-02T09:00:00.000Z", "2026-12-02T10:00:00.000Z"]);
    expect((await firingsOf(trigger.id)).map((firing) => [firing.dedupeKey, firing.outcome, firing.detail])).toEqual([
      ["2026-12-02T07:00:00.000Z", "skipped", "missed tick beyond the catch-up cap of 2"],
      ["2026-12-02T08:00:00.000Z", "skipped", "missed tick beyond the catch-up cap of 2"],
    ]);
  });
});

describe("interrupted starts", () => {
  it("takes over a firing whose start failed on our side and starts its run once", async () => {
    const trigger = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "0 6 * * *", timeZone: "UTC" } });
    const scheduledFor = "2026-11-30T06:00:00.000Z";
    await getDb().insert(streamTriggerFirings).values({ id: "tfr_failed_once", orgId: org.orgId, triggerId: trigger.id, dedupeKey: scheduledFor, outcome: "failed", detail: "error while starting the run: connection reset" });
    const job = { triggerId: trigger.id, dedupeKey: scheduledFor, runTrigger: { kind: "schedule" as const, triggerId: trigger.id, scheduledFor }, parameters: {} };
    const [first, second] = await Promise.allSettled([startQueuedTriggeredRun(org.orgId, job), startQueuedTriggeredRun(org.orgId, job)]);
    const runs = await runsOfTrigger(trigger.id);
    expect(runs.length).toBe(1);
    expect(await firingsOf(trigger.id)).toEqual([{ dedupeKey: scheduledFor, outcome: "fired", runId: runs[0]!.id, detail: null }]);
    expect([first, second].some((result) => result.status === "fulfilled" && result.value?.runId === runs[0]!.id)).toBe(true);
  });

  it("adopts the run a dead process created instead of starting a second one", async () => {
    const trigger = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "0 6 * * *", timeZone: "UTC" } });
    const scheduledFor = "2026-11-29T06:00:00.000Z";
    const runTrigger = { kind: "schedule" as const, triggerId: trigger.id, scheduledFor };
    // The process claimed the tick and started the run, then died before recording it.
    await getDb().insert(streamTriggerFirings).values({
      id: "tfr_abandoned",
      orgId: org.orgId,
      triggerId: trigger.id,
      dedupeKey: scheduledFor,
      outcome: "starting",
      createdAt: new Date(Date.now() - 10 * 60_000),
    });
    const orphan = await startStreamRun(org.ownerCtx, streamId, { parameters: { orders: ordersFileId }, trigger: runTrigger });
    const result = await startQueuedTriggeredRun(org.orgId, { triggerId: trigger.id, dedupeKey: scheduledFor, runTrigger, parameters: {} });
    expect(result).toMatchObject({ runId: orphan.id, duplicate: true });
    expect((await runsOfTrigger(trigger.id)).map((run) => run.id)).toEqual([orphan.id]);
    expect(await firingsOf(trigger.id)).toEqual([{ dedupeKey: scheduledFor, outcome: "fired", runId: orphan.id, detail: "run adopted after an interrupted start" }]);
  });

  it("leaves a recent claim to the delivery that holds it (the job retries later)", async () => {
    const trigger = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "0 6 * * *", timeZone: "UTC" } });
    const scheduledFor = "2026-11-28T06:00:00.000Z";
    await getDb().insert(streamTriggerFirings).values({ id: "tfr_in_flight", orgId: org.orgId, triggerId: trigger.id, dedupeKey: scheduledFor, outcome: "starting" });
    const attempt = startQueuedTriggeredRun(org.orgId, { triggerId: trigger.id, dedupeKey: scheduledFor, runTrigger: { kind: "schedule", triggerId: trigger.id, scheduledFor }, parameters: {} });
    await expect(attempt).rejects.toMatchObject({ name: "FiringInFlight" });
    expect(await runsOfTrigger(trigger.id)).toEqual([]);
  });
});

describe("schedule changes", () => {
  it("owes nothing for ticks missed while a schedule was disabled, even under catch_up", async () => {
    const trigger = await createTrigger({
      parameters: { orders: ordersFileId },
      config: { kind: "schedule", cron: "0 * * * *", timeZone: "UTC", missedPolicy: "catch_up", catchUpMax: 5 },
    });
    await onlyThisSchedule(trigger.id);
    expect((await admin.patch(`/api/v1/triggers/${trigger.id}`, { enabled: false })).status).toBe(200);
    // Five hours pass with the trigger off.
    await getDb().update(streamTriggers).set({ lastTickAt: new Date(Date.now() - 5 * 3_600_000) }).where(eq(streamTriggers.id, trigger.id));
    const reenabled = (await (await admin.patch(`/api/v1/triggers/${trigger.id}`, { enabled: true })).json()) as Json;
    expect(Date.parse(reenabled.schedule.lastTickAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await tickSchedules(new Date())).toEqual({ triggers: 0, ticksQueued: 0, ticksSkipped: 0 });
    expect(await firingsOf(trigger.id)).toEqual([]);
  });
});

describe("webhooks", () => {
  let hook: Json;
  beforeAll(async () => {
    hook = await createTrigger({ name: "ERP", config: { kind: "webhook" } });
  });

  it("starts a run for a good signature, with the body's parameters, and records the delivery as its trigger", async () => {
    const body = JSON.stringify({ event: "export.finished", parameters: { orders: ordersFileId } });
    const response = await deliver(hook.id, body, signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "dlv-1" }));
    expect(response.status).toBe(202);
    const receipt = (await response.json()) as Json;
    expect(receipt).toMatchObject({ object: "webhook_delivery", triggerId: hook.id, deliveryId: "dlv-1", outcome: "fired", duplicate: false });
    const [run] = await runsOfTrigger(hook.id);
    expect(run!.id).toBe(receipt.runId);
    expect(run!.trigger).toEqual({ kind: "event", triggerId: hook.id, event: "webhook", eventId: "dlv-1" });
    expect(run!.parameters).toEqual({ orders: ordersFileId });
  });

  it("answers a repeated delivery id, signed again, with the first run and starts no second one", async () => {
    const body = JSON.stringify({ parameters: { orders: ordersFileId } });
    const now = Math.floor(Date.now() / 1000);
    const first = await deliver(hook.id, body, signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "dlv-2" }, now - 1));
    const second = await deliver(hook.id, body, signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "dlv-2" }, now));
    expect([first.status, second.status]).toEqual([202, 200]);
    const [a, b] = [(await first.json()) as Json, (await second.json()) as Json];
    expect(b).toMatchObject({ runId: a.runId, deliveryId: "dlv-2", duplicate: true });
    expect((await firingsOf(hook.id)).filter((firing) => firing.dedupeKey === "dlv-2")).toEqual([{ dedupeKey: "dlv-2", outcome: "fired", runId: a.runId, detail: null }]);
  });

  it("makes one run from 100 concurrent deliveries of the same id", async () => {
    const body = JSON.stringify({ parameters: { orders: ordersFileId } });
    const signedAt = Math.floor(Date.now() / 1000);
    const responses = await Promise.all(
      // Each copy signed with its own timestamp, as a sender's retries are: identical copies are replays (below).
      Array.from({ length: 100 }, (_, copy) =>
        deliver(hook.id, body, signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "dlv-burst" }, signedAt - copy)),
      ),
    );
    const receipts = (await Promise.all(responses.map((response) => response.json()))) as Json[];
    const runs = (await runsOfTrigger(hook.id)).filter((run) => (run.trigger as Json).eventId === "dlv-burst");
    expect(runs.length).toBe(1);
    expect(responses.map((response) => response.status).sort()).toEqual([...Array(99).fill(200), 202]);
    expect(new Set(receipts.map((receipt) => receipt.runId))).toEqual(new Set([runs[0]!.id]));
  });

  it("rejects a wrong signature, a missing one, an old replay and a future timestamp with 401", async () => {
    const body = JSON.stringify({ parameters: { orders: ordersFileId } });
    const now = Math.floor(Date.now() / 1000);
    const statuses = [
      (await deliver(hook.id, body, signedHeaders("whsec_wrong", body, { "Reconstream-Delivery": "bad-1" }))).status,
      (await deliver(hook.id, body, { "Reconstream-Delivery": "bad-2" })).status,
      // The old scheme (timestamp header, body-only signature) is refused.
      (await deliver(hook.id, body, {
        "Reconstream-Delivery": "bad-6",
        "Reconstream-Timestamp": String(now),
        "Reconstream-Signature": `v1=${createHmac("sha256", hook.webhook.secret).update(`${now}.${body}`).digest("hex")}`,
      })).status,
      (await deliver(hook.id, body, signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "bad-3" }, now - 301))).status,
      (await deliver(hook.id, body, signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "bad-4" }, now + 360))).status,
      // The signature of one body does not carry over to another.
      (await deliver(hook.id, body.replace("orders", "ordersX"), signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "bad-5" }))).status,
    ];
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    const problem = await problemOf(await deliver(hook.id, body, signedHeaders(hook.webhook.secret, body, {}, now - 600)));
    expect(problem).toMatchObject({ type: "/problems/unauthenticated", status: 401 });
    expect((await firingsOf(hook.id)).filter((firing) => firing.dedupeKey.startsWith("bad-"))).toEqual([]);
  });

  it("refuses an exact replay of a signed request with 401 and starts nothing", async () => {
    const body = JSON.stringify({ parameters: { orders: ordersFileId } });
    const headers = signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "dlv-replayed" });
    const first = await deliver(hook.id, body, headers);
    const replays = [];
    for (let replay = 0; replay < 5; replay++) replays.push(await deliver(hook.id, body, headers));
    expect([first.status, ...replays.map((replay) => replay.status)]).toEqual([202, 401, 401, 401, 401, 401]);
    expect(await problemOf(replays[0]!)).toMatchObject({ type: "/problems/unauthenticated", detail: expect.stringContaining("replay") });
    expect((await runsOfTrigger(hook.id)).filter((run) => (run.trigger as Json).eventId === "dlv-replayed").length).toBe(1);
  });

  it("refuses a captured request re-sent under new delivery ids (the signature covers the id)", async () => {
    const body = JSON.stringify({ parameters: { orders: ordersFileId } });
    const captured = signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "dlv-captured" });
    expect((await deliver(hook.id, body, captured)).status).toBe(202);
    const statuses = [];
    for (let replay = 0; replay < 5; replay++) {
      statuses.push((await deliver(hook.id, body, { ...captured, "Reconstream-Delivery": `dlv-forged-${replay}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    expect((await firingsOf(hook.id)).filter((firing) => firing.dedupeKey.startsWith("dlv-forged-"))).toEqual([]);
  });

  it("answers 404 for an unknown trigger and for a trigger of another kind, 422 when the run lacks a parameter", async () => {
    const schedule = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "0 6 * * *" } });
    const body = "{}";
    expect((await deliver("trg_nope", body, signedHeaders(hook.webhook.secret, body))).status).toBe(404);
    expect((await deliver(schedule.id, body, signedHeaders(hook.webhook.secret, body))).status).toBe(404);
    const missing = await deliver(hook.id, body, signedHeaders(hook.webhook.secret, body, { "Reconstream-Delivery": "no-params" }));
    expect(missing.status).toBe(422);
    expect(await firingsOf(hook.id).then((firings) => firings.find((firing) => firing.dedupeKey === "no-params"))).toMatchObject({ outcome: "skipped", runId: null });
  });

  it("stops accepting the old secret once it is rotated", async () => {
    const rotating = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "webhook" } });
    const rotated = (await (await admin.post(`/api/v1/triggers/${rotating.id}/rotate-secret`, {})).json()) as Json;
    expect(rotated.webhook.secret).toMatch(/^whsec_/);
    expect(rotated.webhook.secret).not.toBe(rotating.webhook.secret);
    const body = "{}";
    expect((await deliver(rotating.id, body, signedHeaders(rotating.webhook.secret, body, { "Reconstream-Delivery": "r1" }))).status).toBe(401);
    expect((await deliver(rotating.id, body, signedHeaders(rotated.webhook.secret, body, { "Reconstream-Delivery": "r2" }))).status).toBe(202);
  });
});

describe("event triggers", () => {
  it("queues a run for a file that becomes ready in an inbox matching the trigger's glob, with the file as its parameter", async () => {
    const trigger = await createTrigger({ config: { kind: "inbox", inbox: "stripe-*", parameter: "orders" } });
    const elsewhere = await uploadReadyFile(org, "other.csv", "shopify");
    const fileId = await uploadReadyFile(org, "payout.csv", "stripe-eu");
    const queued = await queuedStarts(trigger.id);
    expect(queued).toEqual([
      {
        key: `trigger:${trigger.id}:file:${fileId}`,
        payload: {
          orgId: org.orgId,
          triggerId: trigger.id,
          dedupeKey: fileId,
          runTrigger: { kind: "event", triggerId: trigger.id, event: "inbox", eventId: fileId },
          parameters: { orders: fileId },
        },
      },
    ]);
    expect(JSON.stringify(queued)).not.toContain(elsewhere);
    const result = await startQueuedTriggeredRun(org.orgId, queued[0]!.payload as never);
    const [run] = await runsOfTrigger(trigger.id);
    expect(result?.runId).toBe(run!.id);
    expect(run!.parameters).toEqual({ orders: fileId });
  });

  it("queues the downstream stream when an upstream run ends as its trigger asks", async () => {
    const onSuccess = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "run_completion", upstreamStreamId: streamId } }, otherStreamId);
    const onAny = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "run_completion", upstreamStreamId: streamId, on: "any" } }, otherStreamId);
    const upstream = { orgId: org.orgId, streamId, id: "run_upstream_ok", state: "succeeded" } as never;
    const failed = { orgId: org.orgId, streamId, id: "run_upstream_failed", state: "failed" } as never;
    await inOrgTransaction(org.orgId, async (tx) => {
      await enqueueRunCompletionTriggers(tx, upstream);
      await enqueueRunCompletionTriggers(tx, failed);
      // A re-delivered completion queues nothing new.
      await enqueueRunCompletionTriggers(tx, upstream);
    });
    expect((await queuedStarts(onSuccess.id)).map((job) => job.key)).toEqual([`trigger:${onSuccess.id}:run:run_upstream_ok`]);
    expect((await queuedStarts(onAny.id)).map((job) => job.key)).toEqual([`trigger:${onAny.id}:run:run_upstream_failed`, `trigger:${onAny.id}:run:run_upstream_ok`]);
    const [job] = await queuedStarts(onSuccess.id);
    expect(job!.payload.runTrigger).toEqual({ kind: "event", triggerId: onSuccess.id, event: "run_completion", eventId: "run_upstream_ok" });
    await getDb().update(streamTriggers).set({ enabled: false }).where(and(eq(streamTriggers.orgId, org.orgId), eq(streamTriggers.kind, "run_completion")));
  });
});

describe("the scheduler in real workers", () => {
  it("fires a due tick once across two worker processes running the scheduler", async () => {
    const trigger = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "schedule", cron: "* * * * *", timeZone: "Europe/Berlin" } });
    await onlyThisSchedule(trigger.id);
    await rewindSchedule(trigger.id, new Date(Date.now() - 60_000));
    for (let i = 0; i < 2; i++) {
      runners.push(await startWorker({ connectionString: getEnv().DATABASE_URL!, concurrency: 2, logger: pino({ level: "silent" }), withCron: false }));
    }
    // Both processes tick: each takes one of these jobs. They carry the crontab's priority, so they
    // run ahead of the step runs earlier tests queued, as cron's ticks do; a slot must still free up.
    const tick = { priority: CLOCK_JOB_PRIORITY };
    await Promise.all([runners[0]!.addJob("scheduler_tick", {}, tick), runners[1]!.addJob("scheduler_tick", {}, tick), runners[0]!.addJob("scheduler_tick", {}, tick)]);
    const fired = await waitFor(async () => {
      const firings = await firingsOf(trigger.id);
      return firings.length > 0 && firings.every((firing) => firing.outcome === "fired") ? firings : undefined;
    }, 80_000);
    const runs = await runsOfTrigger(trigger.id);
    expect(fired.length).toBe(1);
    expect(runs.map((run) => run.id)).toEqual([fired[0]!.runId]);
    expect(runs[0]!.trigger).toEqual({ kind: "schedule", triggerId: trigger.id, scheduledFor: fired[0]!.dedupeKey });
  }, 90_000);

  it("starts the downstream stream when an upstream run succeeds, once", async () => {
    const trigger = await createTrigger({ parameters: { orders: ordersFileId }, config: { kind: "run_completion", upstreamStreamId: streamId } }, otherStreamId);
    const upstream = await startStreamRun(org.ownerCtx, streamId, { parameters: { orders: ordersFileId }, trigger: manualTrigger(org.ownerCtx) });
    // Runs of the upstream stream queued by earlier tests end now too and start their own downstream runs: find this one's.
    const downstream = await waitFor(async () => (await runsOfTrigger(trigger.id)).find((run) => (run.trigger as Json).eventId === upstream.id), 80_000);
    const [finished] = await inOrgTransaction(org.orgId, (tx) => tx.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, upstream.id)));
    expect(finished!.state).toBe("succeeded");
    expect(downstream).toMatchObject({
      streamId: otherStreamId,
      trigger: { kind: "event", triggerId: trigger.id, event: "run_completion", eventId: upstream.id },
      parameters: { orders: ordersFileId },
    });
    expect((await firingsOf(trigger.id)).filter((firing) => firing.dedupeKey === upstream.id)).toEqual([
      { dedupeKey: upstream.id, outcome: "fired", runId: downstream.id, detail: null },
    ]);
  }, 90_000);
});
