import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, prettyDestination } from "~/platform/observability/logger.server";
import { formatLogLine } from "~/platform/observability/pretty-log";

/** `npm start` in a terminal: one readable line per event, with what the JSON line holds and nothing more. */
describe("pretty log lines", () => {
  it("lead with time, level, process and message; other fields follow as key=value", () => {
    const line = JSON.stringify({ level: 30, time: "2026-12-07T21:04:05.123Z", service: "reconstream", process: "web", port: 3000, host: "0.0.0.0", msg: "web listening on http://localhost:3000" });
    expect(formatLogLine(line, false)).toBe("21:04:05.123 INFO  web        web listening on http://localhost:3000 port=3000 host=0.0.0.0\n");
  });

  it("quote values with spaces, print objects as JSON and put an error's stack below, indented", () => {
    const line = JSON.stringify({ level: 50, time: "2026-12-07T21:04:05.123Z", process: "worker", reason: "two words", job: { id: "7", task: "run_step" }, err: { message: "boom", stack: "Error: boom\n    at here" }, msg: "failed" });
    expect(formatLogLine(line, false)).toBe('21:04:05.123 ERROR worker     failed reason="two words" job={"id":"7","task":"run_step"}\n    Error: boom\n        at here\n');
  });

  it("colours the level only when asked (a terminal), and passes a line that is not JSON unchanged", () => {
    const line = JSON.stringify({ level: 40, time: "2026-12-07T21:04:05.123Z", msg: "careful" });
    expect(formatLogLine(line, true)).toContain("\u001b[33mWARN \u001b[0m");
    expect(formatLogLine(line, false)).not.toContain("\u001b[");
    expect(formatLogLine("plain text\n", false)).toBe("plain text\n");
  });

  it("still redacts: pino serializes and redacts before the line is made readable", () => {
    let written = "";
    const sink = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    createLogger(prettyDestination(sink, false), "info").info({ password: "hunter2hunter2", requestId: "req_1" }, "sign-in");
    expect(written).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO +sign-in password=\[redacted\] requestId=req_1\n$/);
    expect(written).not.toContain("hunter2");
  });
});
