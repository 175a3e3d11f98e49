import pino from "pino";
import { getEnv } from "~/env.server";
import { singleton } from "../../db/singleton";

/**
 * Structured JSON logs. Redaction is a backstop: code must not log secrets in
 * the first place, but a stray request header or body field is caught here.
 */
let destinationFd = 1;

/** The CLI keeps stdout for its JSON answer, so its logs go to stderr. */
export function sendLogsToStderr(): void {
  destinationFd = 2;
}

export function getLogger(): pino.Logger {
  return singleton("logger", () =>
    pino({
      level: getEnv().LOG_LEVEL,
      base: { service: "reconstream" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          "password",
          "*.password",
          "newPassword",
          "*.newPassword",
          "apiKey",
          "*.apiKey",
          "token",
          "*.token",
          "secret",
          "*.secret",
          "headers.authorization",
          "headers.cookie",
          "*.headers.authorization",
          "*.headers.cookie",
          'headers["set-cookie"]',
        ],
        censor: "[redacted]",
      },
    }, pino.destination({ fd: destinationFd, sync: false })),
  );
}
