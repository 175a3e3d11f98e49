import type { z } from "~/api/zod";
import type { StreamTriggerSchema, TriggerFiringSchema } from "~/api/contracts/stream-triggers";
import { upcomingFireTimes, type TriggerFiring, type TriggerView } from "~/modules/streams/index.server";

/** The API shape of triggers and their firings. */
const SIGNATURE_RECIPE =
  "Send `Reconstream-Delivery: <id>` and `Reconstream-Signature: t=<unix seconds>,v1=<hex>`, the hex being HMAC-SHA256 under the secret of `${t}.${deliveryId}.${rawBody}`; each signature is accepted once, within 5 minutes of its t by default";

export function serializeTrigger(view: TriggerView, now: Date = new Date()): z.input<typeof StreamTriggerSchema> {
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

export function serializeTriggerFiring(firing: TriggerFiring): z.input<typeof TriggerFiringSchema> {
  return {
    id: firing.id,
    object: "trigger_firing" as const,
    triggerId: firing.triggerId,
    dedupeKey: firing.dedupeKey,
    // A text column; the firing code writes only the outcomes the contract names.
    outcome: firing.outcome as z.input<typeof TriggerFiringSchema>["outcome"],
    detail: firing.detail,
    runId: firing.runId,
    createdAt: firing.createdAt.toISOString(),
  };
}
