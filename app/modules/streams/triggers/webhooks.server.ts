import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { systemActor, type OrgContext } from "~/core/access";
import { BadRequest, Conflict, NotFound, Unauthenticated, ValidationFailed } from "~/core/errors/domain-errors";
import { bodyIssues } from "~/core/errors/zod-issues";
import { getDb } from "~/platform/db/client";
import { streamTriggers } from "~/platform/db/schema";
import { decryptCredential } from "~/modules/data-sources/index.server";
import { fireTrigger } from "./firing.server";
import { webhookSecretPurpose } from "./webhook-secrets.server";
import { getEnv } from "~/platform/env.server";
import { consumeRateLimit } from "~/modules/tenancy/index.server";
import { assertStreamsEnabled } from "../definition/feature.server";

/**
 * Inbound webhooks: POST /api/v1/hooks/{triggerId}, signed, not keyed.
 *
 * Stripe's scheme, with the delivery id inside the signature: the sender
 * sends `Reconstream-Delivery: <id>` and
 * `Reconstream-Signature: t=<unix seconds>,v1=<hex>`, the hex being
 * HMAC-SHA256 under the trigger's secret of `${t}.${deliveryId}.${rawBody}`.
 * So a captured request cannot be re-sent under a new delivery id (that
 * changes what was signed), nor later (a `t` further than
 * WEBHOOK_TOLERANCE_SECONDS from our clock is stale), nor as it is (each
 * signature is accepted once; the register outlives the tolerance). A sender
 * retrying a delivery signs it again with a new `t`: same delivery id, so it
 * is answered with the first delivery's run. docs/operations.md shows how to sign.
 */
export const SIGNATURE_HEADER = "reconstream-signature";
export const DELIVERY_HEADER = "reconstream-delivery";
/** How long a duplicate delivery waits for the first one to report its run. */
const IN_FLIGHT_WAIT_MS = 15_000;

/**
 * Visible ASCII without '.': the dot separates the signed parts, and a dot in
 * the id would let `a.b` + body `c` sign the same bytes as `a` + body `b.c`.
 */
const deliveryIdSchema = z.string().regex(/^[\x21-\x2d\x2f-\x7e]{1,200}$/);

export const webhookBodySchema = z
  .object({
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

  const deliveryIdText = delivery.headers.get(DELIVERY_HEADER);
  if (deliveryIdText === null) throw new Unauthenticated(`Send '${headerName(DELIVERY_HEADER)}': the signature covers the delivery id`);
  const deliveryId = parseDeliveryHeader(deliveryIdText);
  const secret = trigger.secretCiphertext ? decryptCredential(trigger.secretCiphertext, webhookSecretPurpose(trigger.orgId, trigger.id)) : null;
  const signature = verifySignature(delivery, deliveryId, secret);
  if (!trigger.enabled) throw new Conflict(`Trigger '${trigger.id}' is disabled`);
  await refuseReplayedSignature(trigger.id, signature);

  const body = parseBody(delivery.rawBody);

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

interface SignatureHeader {
  timestamp: string;
  candidates: string[];
}

/** `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` (several v1 while a sender rolls its secret); other schemes are ignored. */
function parseSignatureHeader(text: string | null): SignatureHeader {
  const usage = `Sign the request: '${headerName(SIGNATURE_HEADER)}: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.deliveryId.body">'`;
  if (text === null) throw new Unauthenticated(usage);
  let timestamp: string | undefined;
  const candidates: string[] = [];
  for (const part of text.split(",")) {
    const [scheme, value] = part.trim().split("=", 2);
    if (scheme === "t" && value !== undefined) timestamp = value;
    if (scheme === "v1" && value !== undefined && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) throw new Unauthenticated(`${usage}: 't' must be unix seconds`);
  if (candidates.length === 0) throw new Unauthenticated(`${usage}: no 'v1' signature`);
  return { timestamp, candidates };
}

/** Returns the matching signature (hex); throws 401 for anything else. */
function verifySignature(delivery: WebhookDelivery, deliveryId: string, secret: string | null): string {
  const { timestamp, candidates } = parseSignatureHeader(delivery.headers.get(SIGNATURE_HEADER));
  const toleranceSeconds = getEnv().WEBHOOK_TOLERANCE_SECONDS;
  const skewSeconds = Math.abs(delivery.now.getTime() / 1000 - Number(timestamp));
  if (skewSeconds > toleranceSeconds) {
    throw new Unauthenticated(`The signed timestamp is more than ${toleranceSeconds} seconds from the server's clock (a stale request, a replay, or a skewed clock)`);
  }
  // A retired trigger has no secret: nothing can match, and the answer is the same as for a wrong signature.
  const expected = secret === null ? null : signPayload(secret, timestamp, deliveryId, delivery.rawBody);
  for (const hex of candidates) {
    if (expected !== null && timingSafeEqual(Buffer.from(hex, "hex"), expected)) return hex;
  }
  throw new Unauthenticated("The signature does not match");
}

/**
 * Each signature is accepted once. The register is the shared counter table
 * (one atomic upsert, so concurrent copies of one request see one winner),
 * kept twice the tolerance so a signature is remembered for as long as its
 * timestamp could pass.
 */
async function refuseReplayedSignature(triggerId: string, signature: string): Promise<void> {
  const seen = await consumeRateLimit({ key: `webhook-signature:${triggerId}:${signature}`, limit: 1, windowSeconds: 2 * getEnv().WEBHOOK_TOLERANCE_SECONDS });
  if (seen.limited) {
    throw new Unauthenticated("This signed request was already received (a replay). To retry a delivery, sign it again with a new timestamp.");
  }
}

/** HMAC-SHA256 over `${timestamp}.${deliveryId}.${body}`; exported so tests sign exactly as we verify. */
export function signPayload(secret: string, timestamp: string, deliveryId: string, rawBody: Buffer | string): Buffer {
  return createHmac("sha256", secret).update(`${timestamp}.${deliveryId}.`).update(rawBody).digest();
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
    throw new BadRequest(`'${headerName(DELIVERY_HEADER)}' must be 1 to 200 visible ASCII characters other than '.'`, {
      errors: [{ parameter: headerName(DELIVERY_HEADER), message: "1 to 200 visible ASCII characters other than '.'" }],
    });
  }
  return parsed.data;
}

function headerName(lowercase: string): string {
  return lowercase.replace(/(^|-)([a-z])/g, (_match, dash: string, letter: string) => dash + letter.toUpperCase());
}
