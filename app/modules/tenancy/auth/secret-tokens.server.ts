import { createHash, randomBytes } from "node:crypto";

/** API keys look like rsk_<43 base64url chars>; only sha256 is stored. */
export const API_KEY_PREFIX = "rsk_";
const DISPLAY_PREFIX_LENGTH = 12;

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function generateApiKeySecret(): { secret: string; prefix: string; hash: string } {
  const secret = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  return { secret, prefix: secret.slice(0, DISPLAY_PREFIX_LENGTH), hash: sha256Hex(secret) };
}

export function looksLikeApiKey(value: string): boolean {
  return /^rsk_[A-Za-z0-9_-]{43}$/.test(value);
}

/** Random tokens for sessions and invitation links. */
export function generateToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: sha256Hex(token) };
}
