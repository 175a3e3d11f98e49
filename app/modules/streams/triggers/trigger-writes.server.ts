import { and, count, eq } from "drizzle-orm";
import type { OrgContext } from "~/core/access";
import { Conflict, NotFound, ValidationFailed } from "~/core/errors/domain-errors";
import { newId } from "~/platform/db/ids";
import { streamTriggerFirings, streamTriggers } from "~/platform/db/schema";
import { inOrgTransaction } from "~/platform/db/tenancy";
import { recordAudit } from "~/modules/audit/index.server";
import { encryptCredential } from "~/modules/data-sources/index.server";
import { assertStreamsEnabled } from "../definition/feature.server";
import { scheduleNextFireAt } from "./schedule-times";
import { assertConfigFits, assertParametersFit, findStream, lockTrigger } from "./trigger-checks.server";
import type { StreamTrigger, TriggerInput, TriggerPatch, TriggerView } from "./trigger-types";
import { generateWebhookSecret, webhookSecretPurpose } from "./webhook-secrets.server";

/**
 * Stream triggers: what starts a stream's runs besides a person. Schedules
 * (cron in a time zone), files arriving in an inbox, signed webhooks, and the
 * end of another stream's run. These are the writes of their definitions, each
 * audited; events.server.ts and schedules.server.ts queue their firings, and
 * firing.server.ts turns a firing into exactly one run.
 */

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
