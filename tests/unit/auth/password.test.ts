import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "~/modules/tenancy/auth/password.server";
import { generateApiKeySecret, looksLikeApiKey, sha256Hex } from "~/modules/tenancy/auth/secret-tokens.server";

describe("password hashing", () => {
  it("verifies the right password and rejects others", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("verifies with the parameters stored beside the hash", async () => {
    const stored = await hashPassword("parameters travel");
    const [, , r, p, salt, key] = stored.split("$");
    // A hash made with a lower N earlier must still verify after the default is raised.
    const { scryptSync } = await import("node:crypto");
    const older = ["scrypt", 1024, r, p, salt, scryptSync("parameters travel", Buffer.from(salt!, "base64"), 64, { N: 1024 }).toString("base64")].join("$");
    expect(key).toBeDefined();
    expect(await verifyPassword("parameters travel", older)).toBe(true);
  });

  it("treats a malformed stored hash as a mismatch, not a crash", async () => {
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
  });
});

describe("API key secrets", () => {
  it("look like rsk_ plus 43 url-safe characters and are stored as sha256", () => {
    const { secret, prefix, hash } = generateApiKeySecret();
    expect(looksLikeApiKey(secret)).toBe(true);
    expect(prefix).toBe(secret.slice(0, 12));
    expect(hash).toBe(sha256Hex(secret));
    expect(hash).not.toContain(secret.slice(4));
  });
});
