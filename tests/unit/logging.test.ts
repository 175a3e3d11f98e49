import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "~/platform/observability/logger.server";

describe("log redaction", () => {
  it("never writes passwords, API keys, tokens or auth headers", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const secrets = ["hunter2hunter2", "rsk_secretsecret", "tok_abc", "Bearer rsk_abc", "rs_session=abc", "inner-secret"];
    createLogger(sink, "info").info(
      {
        password: secrets[0],
        apiKey: secrets[1],
        body: { password: secrets[0], token: secrets[2], secret: secrets[5] },
        headers: { authorization: secrets[3], cookie: secrets[4] },
        requestId: "req_visible",
      },
      "login attempt",
    );
    const written = lines.join("");
    expect(written).toContain("login attempt");
    expect(written).toContain("req_visible");
    for (const secret of secrets) expect(written).not.toContain(secret);
    expect(written.match(/\[redacted\]/g)?.length).toBe(7);
  });
});
