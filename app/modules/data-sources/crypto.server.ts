import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { getEnv } from "~/platform/env.server";

/**
 * Credentials at rest: AES-256-GCM under ENCRYPTION_KEY (64 hex characters,
 * 32 bytes), a fresh random 96-bit IV for every value, stored as
 * `v1:<iv>:<tag>:<ciphertext>` in base64. The version prefix leaves room for
 * a key rotation (v2 with a key id) without a flag day.
 *
 * Each value is bound to where it belongs (its `purpose`, e.g.
 * "data_source:ds_…:password") as GCM additional data: a sealed password
 * copied into another row, or another org's row, fails to open instead of
 * being used there.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class CredentialDecryptionError extends Error {
  override readonly name = "CredentialDecryptionError";
}

export function encryptCredential(plaintext: string, purpose: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(purpose, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), ciphertext.toString("base64")].join(":");
}

export function decryptCredential(sealed: string, purpose: string): string {
  const parts = sealed.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new CredentialDecryptionError(`not a ${VERSION} sealed value`);
  const [, ivText, tagText, ciphertextText] = parts as [string, string, string, string];
  const iv = Buffer.from(ivText, "base64");
  const tag = Buffer.from(tagText, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new CredentialDecryptionError("malformed sealed value");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(purpose, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64")), decipher.final()]).toString("utf8");
  } catch {
    // GCM says only "unauthenticated": a changed ENCRYPTION_KEY, a tampered value or one moved from elsewhere.
    throw new CredentialDecryptionError("the sealed value does not open with ENCRYPTION_KEY (key changed, or the value was altered or moved)");
  }
}

function encryptionKey(): Buffer {
  return Buffer.from(getEnv().ENCRYPTION_KEY, "hex");
}
