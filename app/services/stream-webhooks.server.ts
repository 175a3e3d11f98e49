import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { systemActor, type OrgContext } from "~/auth/actor";
import { BadRequest, Conflict, NotFound, Unauthenticated, ValidationFailed } from "~/domain/errors";
import { bodyIssues } from "~/http/zod-problems";
import { getDb } from "../../db/client";
import { streamTriggers } from "../../db/schema";
import { decryptCredential } from "./data-sources/crypto.server";
import { fireTrigger } from "./stream-trigger-firing.server";
import { webhookSecretPurpose } from "./stream-triggers.server";
import { assertStreamsEnabled } from "./streams-feature.server";

/**
 * Inbound webhooks: POST /api/v1/hooks/{triggerId}, signed, not keyed.
 *
 * The sender signs `${timestamp}.${body}` with HMAC-SHA256 under the
 * trigger's secret and sends `Reconstream-Timestamp: <unix seconds>` and
 * `Reconstream-Signature: v1=<hex>`. A timestamp more than five minutes from
 * our clock is refused, so a captured request cannot be replayed later; within
 * those five minutes the delivery id (`Reconstream-Delivery`, or `deliveryId`
 * in the body; without either, the signature itself) makes a replay a
 * duplicate of the first delivery, answered with the same run.
 */
export const TIMESTAMP_HEADER = "reconstream-timestamp";
export const SIGNATURE_HEADER = "reconstream-signature";
export const DELIVERY_HEADER = "reconstream-delivery";
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;
/** How long a duplicate delivery waits for the first one to report its run. */
const IN_FLIGHT_WAIT_MS = 15_000;

const deliveryIdSchema = z.string().trim().min(1).max(200);

export const webhookBodySchema = z
  .object({
    deliveryId: deliveryIdSchema.optional(),
    parameters: z.record(z.string().min(1).max(64), z.string().max(2000)).optional(),
  })
  // Senders add their own fields (an event type, a payload); only ours are read.
  .passthrough();

export interface WebhookDelivery {
  triggerId: string;
  headers: Headers;
  rawBody: Buffer;
  now: Date;
}

export interface WebhookReceipt {
  status: 200 | 202;
  body: {
    object: "webhook_delivery";
    triggerId: string;
    deliveryId: string;
    runId: string | null;
    outcome: string;
    duplicate: boolean;
    receivedAt: string;
  };
}

export async function receiveWebhook(delivery: WebhookDelivery): Promise<WebhookReceipt> {
  // The caller has no credentials but the signature, so the org comes from the trigger (as the connecting role).
  const [trigger] = await getDb().select().from(streamTriggers).where(eq(streamTriggers.id, delivery.triggerId));
  if (!trigger || trigger.kind !== "webhook") throw new NotFound("webhook trigger", delivery.triggerId);
  const ctx: OrgContext = { orgId: trigger.orgId, actor: systemActor(`webhook ${trigger.id}`) };
  await assertStreamsEnabled(ctx);

  const signature = verifySignature(delivery, trigger.secretCiphertext ? decryptCredential(trigger.secretCiphertext, webhookSecretPurpose(trigger.orgId, trigger.id)) : null);
  if (!trigger.enabled) throw new Conflict(`Trigger '${trigger.id}' is disabled`);

  const body = parseBody(delivery.rawBody);
  const headerDeliveryId = delivery.headers.get(DELIVERY_HEADER);
  const deliveryId = headerDeliveryId === null ? (body.deliveryId ?? `sig:${signature}`) : parseDeliveryHeader(headerDeliveryId);

  const result = await fireTrigger(
    ctx,
    trigger,
    {
      dedupeKey: deliveryId,
      runTrigger: { kind: "event", triggerId: trigger.id, event: "webhook", eventId: deliveryId },
      parameters: body.parameters ?? {},
    },
    { waitForInFlightMs: IN_FLIGHT_WAIT_MS },
  );
  // A refused start is the sender's to fix (a missing parameter): say so now, not only in the firing's history.
  if (result.refusal) throw result.refusal;
  return {
    status: result.duplicate ? 200 : 202,
    body: {
      object: "webhook_delivery",
      triggerId: trigger.id,
      deliveryId,
      runId: result.runId,
      outcome: result.firing.outcome,
      duplicate: result.duplicate,
      receivedAt: delivery.now.toISOString(),
    },
  };
}

/** Returns the matching signature (hex); throws 401 for anything else. */
function verifySignature(delivery: WebhookDelivery, secret: string | null): string {
  const timestampText = delivery.headers.get(TIMESTAMP_HEADER);
  const signatureText = delivery.headers.get(SIGNATURE_HEADER);
  if (timestampText === null || signatureText === null) {
    throw new Unauthenticated(`Sign the request: send '${headerName(TIMESTAMP_HEADER)}' and '${headerName(SIGNATURE_HEADER)}: v1=<hex>'`);
  }
  if (!/^\d{1,12}$/.test(timestampText.trim())) throw new Unauthenticated(`'${headerName(TIMESTAMP_HEADER)}' must be unix seconds`);
  const timestamp = Number(timestampText.trim());
  const skewSeconds = Math.abs(delivery.now.getTime() / 1000 - timestamp);
  if (skewSeconds > SIGNATURE_TOLERANCE_SECONDS) {
    throw new Unauthenticated(`The timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds from the server's clock (a replay, or a skewed clock)`);
  }
  // A retired trigger has no secret: nothing can match, and the answer is the same as for a wrong signature.
  const expected = secret === null ? null : signPayload(secret, timestampText.trim(), delivery.rawBody);
  for (const candidate of signatureText.split(",")) {
    const [scheme, hex] = candidate.trim().split("=", 2);
    if (scheme !== "v1" || !hex || !/^[0-9a-f]{64}$/i.test(hex) || expected === null) continue;
    const given = Buffer.from(hex, "hex");
    if (timingSafeEqual(given, expected)) return hex.toLowerCase();
  }
  throw new Unauthenticated("The signature does not match");
}

/** HMAC-SHA256 over `${timestamp}.${body}`; exported so tests and docs sign exactly as we verify. */
export function signPayload(secret: string, timestamp: string, rawBody: Buffer | string): Buffer {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody).digest();
}

function parseBody(rawBody: Buffer): z.infer<typeof webhookBodySchema> {
  const text = rawBody.toString("utf8");
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequest("The request body is not valid JSON", { errors: [{ pointer: "", message: "invalid JSON" }] });
  }
  const parsed = webhookBodySchema.safeParse(value);
  if (!parsed.success) {
    const errors = bodyIssues(parsed.error);
    throw new ValidationFailed(`${errors.length} problem${errors.length === 1 ? "" : "s"} in the request body`, { errors });
  }
  return parsed.data;
}

function parseDeliveryHeader(value: string): string {
  const parsed = deliveryIdSchema.safeParse(value);
  if (!parsed.success) {
    throw new BadRequest(`'${headerName(DELIVERY_HEADER)}' must be 1 to 200 characters`, {
      errors: [{ parameter: headerName(DELIVERY_HEADER), message: "1 to 200 characters" }],
    });
  }
  return parsed.data;
}

function headerName(lowercase: string): string {
  return lowercase.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}
