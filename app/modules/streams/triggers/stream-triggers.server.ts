import { randomBytes } from "node:crypto";
import { and, count, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict, NotFound, ValidationFailed, type ProblemLocation } from "~/core/errors/domain-errors";
import { inboxMatches } from "~/modules/streams/triggers/inbox-pattern";
import type { RunTrigger } from "~/core/streams/runtime-types";
import { nextFireTime, nextFireTimes } from "~/core/streams/schedule";
import type { TriggerConfig } from "~/core/streams/trigger-config";
import type { Tx } from "~/platform/db/client";
import { enqueue } from "~/platform/jobs";
import { newId } from "~/platform/db/ids";
import {
  reconciliationStreams,
  reconciliationStreamVersions,
  streamTriggerFirings,
  streamTriggers,
  type reconciliationRuns,
  type uploadedFiles,
} from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { encryptCredential } from "~/modules/data-sources/index.server";
import { assertStreamsEnabled } from "../definition/feature.server";

/**
 * Stream triggers: what starts a stream's runs besides a person. Schedules
 * (cron in a time zone), files arriving in an inbox, signed webhooks, and the
 * end of another stream's run. This module owns their definitions and queues
 * event firings; stream-trigger-firing.server.ts turns a firing into exactly
 * one run.
 */
export type StreamTrigger = typeof streamTriggers.$inferSelect;
export type TriggerFiring = typeof streamTriggerFirings.$inferSelect;
type Run = typeof reconciliationRuns.$inferSelect;
type UploadedFile = typeof uploadedFiles.$inferSelect;

/** Shown with schedule triggers so people can check a cron expression against the calendar. */
export const UPCOMING_FIRE_TIMES = 5;

const RUN_END_STATES: ReadonlySet<string> = new Set(["succeeded", "failed", "partially_succeeded", "cancelled"]);

export interface TriggerInput {
  name?: string | null;
  enabled?: boolean;
  parameters?: Record<string, string>;
  config: TriggerConfig;
}

export interface TriggerPatch {
  name?: string | null;
  enabled?: boolean;
  parameters?: Record<string, string>;
  config?: TriggerConfig;
}

/** A trigger as the API shows it; `secret` only right after it was generated. */
export interface TriggerView {
  trigger: StreamTrigger;
  secret?: string;
}

// ---- Writes

export async function createTrigger(ctx: OrgContext, streamId: string, input: TriggerInput): Promise<TriggerView> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const stream = await findStream(tx, ctx, streamId);
    if (!stream) throw new NotFound("stream", streamId);
    if (stream.status !== "active") throw new Conflict(`Stream '${streamId}' is archived; it takes no new triggers`);
    await assertConfigFits(tx, ctx, streamId, input.config);
    await assertParametersFit(tx, ctx, stream, input.config, input.parameters ?? {});

    const id = newId("trigger");
    const now = new Date();
    const secret = input.config.kind === "webhook" ? generateWebhookSecret() : undefined;
    const enabled = input.enabled ?? true;
    const [trigger] = await tx
      .insert(streamTriggers)
      .values({
        id,
        orgId: ctx.orgId,
        streamId,
        kind: input.config.kind,
        name: normalizeName(input.name),
        enabled,
        config: input.config,
        parameters: input.parameters ?? {},
        secretCiphertext: secret ? encryptCredential(secret, webhookSecretPurpose(ctx.orgId, id)) : null,
        // A new schedule looks back no further than its own creation.
        lastTickAt: input.config.kind === "schedule" ? now : null,
        nextFireAt: enabled ? scheduleNextFireAt(input.config, now) : null,
        createdBy: ctx.actor.label,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, ctx, {
      action: "stream_trigger.created",
      resourceType: "stream_trigger",
      resourceId: id,
      changes: { after: auditSummary(trigger!) },
    });
    return { trigger: trigger!, secret };
  });
}

export async function updateTrigger(ctx: OrgContext, id: string, patch: TriggerPatch): Promise<TriggerView> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await lockTrigger(tx, ctx, id);
    if (patch.config && patch.config.kind !== before.kind) {
      throw new ValidationFailed("A trigger's kind cannot change; create a new trigger instead", {
        errors: [{ pointer: "/config/kind", message: `must stay '${before.kind}'` }],
      });
    }
    if (patch.config) await assertConfigFits(tx, ctx, before.streamId, patch.config, id);
    if (patch.config || patch.parameters) {
      const stream = await findStream(tx, ctx, before.streamId);
      if (stream) await assertParametersFit(tx, ctx, stream, patch.config ?? before.config, patch.parameters ?? before.parameters);
    }

    const now = new Date();
    const config = patch.config ?? before.config;
    const enabled = patch.enabled ?? before.enabled;
    const scheduleChanged = before.kind === "schedule" && JSON.stringify(config) !== JSON.stringify(before.config);
    const reenabled = enabled && !before.enabled;
    const set: Partial<typeof streamTriggers.$inferInsert> = {
      name: patch.name === undefined ? before.name : normalizeName(patch.name),
      enabled,
      config,
      parameters: patch.parameters ?? before.parameters,
      updatedAt: now,
    };
    // Ticks missed while a schedule was off, or under its old expression, are not owed: it starts afresh from now.
    if (before.kind === "schedule" && (scheduleChanged || reenabled)) set.lastTickAt = now;
    set.nextFireAt = enabled ? scheduleNextFireAt(config, now) : null;
    const [after] = await tx
      .update(streamTriggers)
      .set(set)
      .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: "stream_trigger.updated",
      resourceType: "stream_trigger",
      resourceId: id,
      changes: { before: auditSummary(before), after: auditSummary(after!) },
    });
    return { trigger: after! };
  });
}

/**
 * Deletes a trigger that never fired. One that did is kept, disabled and
 * without its secret, because its firings (and the runs they started) point
 * at it: history must keep explaining why a run exists.
 */
export async function deleteTrigger(ctx: OrgContext, id: string): Promise<{ trigger: StreamTrigger; deleted: boolean }> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await lockTrigger(tx, ctx, id);
    const [firings] = await tx
      .select({ n: count() })
      .from(streamTriggerFirings)
      .where(and(eq(streamTriggerFirings.orgId, ctx.orgId), eq(streamTriggerFirings.triggerId, id)));
    if ((firings?.n ?? 0) === 0) {
      await tx.delete(streamTriggers).where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, id)));
      await recordAudit(tx, ctx, {
        action: "stream_trigger.deleted",
        resourceType: "stream_trigger",
        resourceId: id,
        changes: { before: auditSummary(before) },
      });
      return { trigger: before, deleted: true };
    }
    const [after] = await tx
      .update(streamTriggers)
      .set({ enabled: false, secretCiphertext: null, nextFireAt: null, updatedAt: new Date() })
      .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: "stream_trigger.retired",
      resourceType: "stream_trigger",
      resourceId: id,
      changes: { before: auditSummary(before), after: { ...auditSummary(after!), firings: firings!.n } },
    });
    return { trigger: after!, deleted: false };
  });
}

/** A new webhook secret; the old one stops working at once. Shown once, in the answer. */
export async function rotateWebhookSecret(ctx: OrgContext, id: string): Promise<TriggerView> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const before = await lockTrigger(tx, ctx, id);
    if (before.kind !== "webhook") throw new Conflict(`Trigger '${id}' is a ${before.kind} trigger; only webhook triggers have a secret`);
    const secret = generateWebhookSecret();
    const [after] = await tx
      .update(streamTriggers)
      .set({ secretCiphertext: encryptCredential(secret, webhookSecretPurpose(ctx.orgId, id)), updatedAt: new Date() })
      .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, id)))
      .returning();
    await recordAudit(tx, ctx, {
      action: "stream_trigger.secret_rotated",
      resourceType: "stream_trigger",
      resourceId: id,
      changes: { after: { secretSet: true } },
    });
    return { trigger: after!, secret };
  });
}

// ---- Reads

export async function getTrigger(ctx: OrgContext, id: string): Promise<StreamTrigger> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [trigger] = await tx.select().from(streamTriggers).where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, id)));
    if (!trigger) throw new NotFound("trigger", id);
    return trigger;
  });
}

/** Newest first, keyset on the time-sortable id. */
export async function listTriggers(
  ctx: OrgContext,
  streamId: string,
  options: { limit: number; cursor?: string },
): Promise<{ data: StreamTrigger[]; nextCursor: string | null }> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    if (!(await findStream(tx, ctx, streamId))) throw new NotFound("stream", streamId);
    const conditions: SQL[] = [eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.streamId, streamId)];
    if (options.cursor) conditions.push(lt(streamTriggers.id, options.cursor));
    const rows = await tx
      .select()
      .from(streamTriggers)
      .where(and(...conditions))
      .orderBy(desc(streamTriggers.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}

// ---- Event triggers, queued inside the transaction that records the event

/**
 * Called by the orchestrator in the transaction that ends a run: queues one
 * start per matching run-completion trigger. The job key and the firing's
 * (trigger, run id) dedupe key make a re-delivered completion start nothing new.
 */
export async function enqueueRunCompletionTriggers(tx: Tx, run: Run): Promise<void> {
  if (!RUN_END_STATES.has(run.state)) return;
  const triggers = await tx
    .select()
    .from(streamTriggers)
    .where(
      and(
        eq(streamTriggers.orgId, run.orgId),
        eq(streamTriggers.kind, "run_completion"),
        eq(streamTriggers.enabled, true),
        sql`${streamTriggers.config}->>'upstreamStreamId' = ${run.streamId}`,
      ),
    );
  for (const trigger of triggers) {
    if (trigger.config.kind !== "run_completion") continue;
    if (trigger.config.on === "succeeded" && run.state !== "succeeded") continue;
    await enqueueTriggeredRun(tx, {
      triggerId: trigger.id,
      dedupeKey: run.id,
      runTrigger: { kind: "event", triggerId: trigger.id, event: "run_completion", eventId: run.id },
      parameters: {},
      jobKey: `trigger:${trigger.id}:run:${run.id}`,
    });
  }
}

/**
 * Called by the files service in the transaction that marks a file ready:
 * every enabled inbox trigger whose name or glob matches the file's inbox
 * starts a run with the file's id as its parameter. Keyed by file id, so a
 * re-profiled file (ready again) starts nothing new.
 */
export async function enqueueInboxTriggers(tx: Tx, ctx: OrgContext, file: Pick<UploadedFile, "id" | "inbox">): Promise<void> {
  if (file.inbox === null) return;
  const triggers = await tx
    .select()
    .from(streamTriggers)
    .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.kind, "inbox"), eq(streamTriggers.enabled, true)));
  for (const trigger of triggers) {
    if (trigger.config.kind !== "inbox" || !inboxMatches(trigger.config.inbox, file.inbox)) continue;
    await enqueueTriggeredRun(tx, {
      triggerId: trigger.id,
      dedupeKey: file.id,
      runTrigger: { kind: "event", triggerId: trigger.id, event: "inbox", eventId: file.id },
      parameters: { [trigger.config.parameter]: file.id },
      jobKey: `trigger:${trigger.id}:file:${file.id}`,
    });
  }
}

export interface TriggeredRunJob {
  triggerId: string;
  /** The firing's dedupe key: the tick's ISO instant, a file id, a run id. */
  dedupeKey: string;
  /** Only schedules and events are queued; the start_triggered_run job's schema accepts no other kind. */
  runTrigger: Extract<RunTrigger, { kind: "schedule" | "event" }>;
  /** Event-supplied parameters, applied over the trigger's own. */
  parameters: Record<string, string>;
}

/** Queues the start_triggered_run task in the caller's tenant transaction (it commits with the event). */
export async function enqueueTriggeredRun(tx: Tx, job: TriggeredRunJob & { jobKey: string; delaySeconds?: number }): Promise<void> {
  const { jobKey, delaySeconds = 0, ...payload } = job;
  await enqueue(tx, "start_triggered_run", payload, { jobKey, delaySeconds });
}

// ---- Helpers

export function webhookSecretPurpose(orgId: string, triggerId: string): string {
  return `stream_trigger:${orgId}:${triggerId}:secret`;
}

/** 256 random bits; the prefix tells a human in a config file what it is. */
function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function scheduleNextFireAt(config: TriggerConfig, after: Date): Date | null {
  return config.kind === "schedule" ? nextFireTime(config, after) : null;
}

/** The next fire times from `now`, for people to check an expression against the calendar. */
export function upcomingFireTimes(trigger: StreamTrigger, now: Date = new Date()): Date[] {
  if (trigger.config.kind !== "schedule") return [];
  return nextFireTimes(trigger.config, now, UPCOMING_FIRE_TIMES);
}

async function findStream(tx: Tx, ctx: OrgContext, streamId: string) {
  const [stream] = await tx
    .select({
      id: reconciliationStreams.id,
      status: reconciliationStreams.status,
      system: reconciliationStreams.system,
      latestVersion: reconciliationStreams.latestVersion,
    })
    .from(reconciliationStreams)
    .where(and(eq(reconciliationStreams.orgId, ctx.orgId), eq(reconciliationStreams.id, streamId)));
  // System streams back the classic API one-to-one; they are not the org's to trigger.
  return stream && !stream.system ? stream : undefined;
}

async function lockTrigger(tx: Tx, ctx: OrgContext, id: string): Promise<StreamTrigger> {
  const [trigger] = await tx
    .select()
    .from(streamTriggers)
    .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, id)))
    .for("update");
  if (!trigger) throw new NotFound("trigger", id);
  return trigger;
}

/**
 * The run parameters a trigger's runs will get must be ones the stream
 * declares, and those it requires must come from somewhere: the trigger's own
 * parameters, the inbox file, or (webhooks) the delivery. Checked against the
 * stream's latest version now, so a mistake is a 422 here rather than a
 * skipped firing at 6 a.m.; the run start checks again against the version it pins.
 */
async function assertParametersFit(
  tx: Tx,
  ctx: OrgContext,
  stream: { id: string; latestVersion: number },
  config: TriggerConfig,
  parameters: Record<string, string>,
): Promise<void> {
  const [version] = await tx
    .select({ settings: reconciliationStreamVersions.settings })
    .from(reconciliationStreamVersions)
    .where(
      and(
        eq(reconciliationStreamVersions.orgId, ctx.orgId),
        eq(reconciliationStreamVersions.streamId, stream.id),
        eq(reconciliationStreamVersions.version, stream.latestVersion),
      ),
    );
  if (!version) return;
  const declared = new Map(version.settings.parameters.map((parameter) => [parameter.name, parameter]));
  const errors: ProblemLocation[] = [];
  for (const name of Object.keys(parameters)) {
    if (!declared.has(name)) errors.push({ pointer: `/parameters/${name}`, message: `the stream declares no parameter '${name}'` });
  }
  if (config.kind === "inbox" && !declared.has(config.parameter)) {
    errors.push({ pointer: "/config/parameter", message: `the stream declares no parameter '${config.parameter}' to receive the file` });
  }
  // A webhook delivery may bring any parameter; the others can only come from the trigger (and the inbox file).
  if (config.kind !== "webhook") {
    for (const parameter of declared.values()) {
      const supplied = parameters[parameter.name] !== undefined || (config.kind === "inbox" && config.parameter === parameter.name);
      if (parameter.required && !supplied) {
        errors.push({ pointer: "/parameters", message: `the stream requires parameter '${parameter.name}'; give it here so every run has it` });
      }
    }
  }
  if (errors.length > 0) throw new ValidationFailed(`The trigger's parameters have ${errors.length} problem${errors.length === 1 ? "" : "s"}`, { errors });
}

/** Checks that relate the config to other rows: the upstream stream exists, and completions cannot loop. */
async function assertConfigFits(tx: Tx, ctx: OrgContext, streamId: string, config: TriggerConfig, triggerId?: string): Promise<void> {
  if (config.kind !== "run_completion") return;
  const at = "/config/upstreamStreamId";
  if (config.upstreamStreamId === streamId) {
    throw new ValidationFailed("A stream cannot be triggered by its own runs", {
      errors: [{ pointer: at, message: "must name another stream (a stream started by its own completion would never stop)" }],
    });
  }
  if (!(await findStream(tx, ctx, config.upstreamStreamId))) {
    throw new ValidationFailed("The upstream stream does not exist", {
      errors: [{ pointer: at, message: `no stream '${config.upstreamStreamId}' in this organization` }],
    });
  }
  // A chain A → B → … → A would run for ever: refuse the edge that closes a loop.
  const edges = await tx
    .select({ id: streamTriggers.id, streamId: streamTriggers.streamId, config: streamTriggers.config })
    .from(streamTriggers)
    .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.kind, "run_completion"), eq(streamTriggers.enabled, true)));
  const downstreamOf = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.id === triggerId || edge.config.kind !== "run_completion") continue;
    const list = downstreamOf.get(edge.config.upstreamStreamId) ?? [];
    list.push(edge.streamId);
    downstreamOf.set(edge.config.upstreamStreamId, list);
  }
  // Adding upstream → streamId closes a loop when upstream is reachable from streamId.
  const seen = new Set<string>();
  const pending = [streamId];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (current === config.upstreamStreamId) {
      throw new ValidationFailed("This trigger would close a loop of run-completion triggers", {
        errors: [{ pointer: at, message: `stream '${config.upstreamStreamId}' already runs after '${streamId}' finishes` }],
      });
    }
    if (seen.has(current)) continue;
    seen.add(current);
    pending.push(...(downstreamOf.get(current) ?? []));
  }
}

function normalizeName(name: string | null | undefined): string | null {
  const trimmed = name?.trim();
  return trimmed ? trimmed : null;
}

/** What the audit trail keeps of a trigger: never the secret, only whether one is set. */
function auditSummary(trigger: StreamTrigger): Record<string, unknown> {
  return {
    streamId: trigger.streamId,
    kind: trigger.kind,
    name: trigger.name,
    enabled: trigger.enabled,
    config: trigger.config,
    parameters: trigger.parameters,
    secretSet: trigger.secretCiphertext !== null,
  };
}

// ---- API shape

const SIGNATURE_RECIPE =
  "Send `Reconstream-Delivery: <id>` and `Reconstream-Signature: t=<unix seconds>,v1=<hex>`, the hex being HMAC-SHA256 under the secret of `${t}.${deliveryId}.${rawBody}`; each signature is accepted once, within 5 minutes of its t by default";

export function serializeTrigger(view: TriggerView, now: Date = new Date()) {
  const { trigger, secret } = view;
  return {
    id: trigger.id,
    object: "stream_trigger" as const,
    streamId: trigger.streamId,
    kind: trigger.kind,
    name: trigger.name,
    enabled: trigger.enabled,
    config: trigger.config,
    parameters: trigger.parameters,
    createdBy: trigger.createdBy,
    createdAt: trigger.createdAt.toISOString(),
    updatedAt: trigger.updatedAt.toISOString(),
    schedule:
      trigger.config.kind === "schedule"
        ? {
            timeZone: trigger.config.timeZone,
            lastTickAt: trigger.lastTickAt?.toISOString() ?? null,
            nextFireAt: trigger.nextFireAt?.toISOString() ?? null,
            upcoming: upcomingFireTimes(trigger, now).map((instant) => instant.toISOString()),
          }
        : null,
    webhook:
      trigger.kind === "webhook"
        ? {
            path: `/api/v1/hooks/${trigger.id}`,
            secretSet: trigger.secretCiphertext !== null,
            ...(secret === undefined ? {} : { secret }),
            signature: SIGNATURE_RECIPE,
          }
        : null,
  };
}

/** A trigger's firings, newest first: every tick, file, delivery or upstream run it saw, and what came of it. */
export async function listTriggerFirings(
  ctx: OrgContext,
  triggerId: string,
  options: { limit: number; cursor?: string; outcome?: string },
): Promise<{ data: TriggerFiring[]; nextCursor: string | null }> {
  await assertStreamsEnabled(ctx);
  return inOrgTransaction(ctx.orgId, async (tx) => {
    const [trigger] = await tx
      .select({ id: streamTriggers.id })
      .from(streamTriggers)
      .where(and(eq(streamTriggers.orgId, ctx.orgId), eq(streamTriggers.id, triggerId)));
    if (!trigger) throw new NotFound("trigger", triggerId);
    const conditions: SQL[] = [eq(streamTriggerFirings.orgId, ctx.orgId), eq(streamTriggerFirings.triggerId, triggerId)];
    if (options.cursor) conditions.push(lt(streamTriggerFirings.id, options.cursor));
    if (options.outcome) conditions.push(eq(streamTriggerFirings.outcome, options.outcome));
    const rows = await tx
      .select()
      .from(streamTriggerFirings)
      .where(and(...conditions))
      .orderBy(desc(streamTriggerFirings.id))
      .limit(options.limit + 1);
    const hasMore = rows.length > options.limit;
    const data = rows.slice(0, options.limit);
    return { data, nextCursor: hasMore ? data.at(-1)!.id : null };
  });
}

export function serializeTriggerFiring(firing: TriggerFiring) {
  return {
    id: firing.id,
    object: "trigger_firing" as const,
    triggerId: firing.triggerId,
    dedupeKey: firing.dedupeKey,
    outcome: firing.outcome,
    detail: firing.detail,
    runId: firing.runId,
    createdAt: firing.createdAt.toISOString(),
  };
}
