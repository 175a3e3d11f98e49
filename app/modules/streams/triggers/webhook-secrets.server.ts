import { randomBytes } from "node:crypto";

/** The encryption purpose that binds a webhook secret's ciphertext to its trigger. */
export function webhookSecretPurpose(orgId: string, triggerId: string): string {
  return `stream_trigger:${orgId}:${triggerId}:secret`;
}

/** 256 random bits; the prefix tells a human in a config file what it is. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}
