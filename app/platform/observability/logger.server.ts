import pino from "pino";
import { getEnv } from "~/platform/env.server";
import { singleton } from "~/platform/db/singleton";

/**
 * Structured JSON logs. Redaction is a backstop: code must not log secrets in
 * the first place, but a stray request header or body field is caught here.
 */
const REDACTED_PATHS = [
  "password",
  "*.password",
  "newPassword",
  "*.newPassword",
  "apiKey",
  "*.apiKey",
  "secret",
  "*.secret",
  "token",
  "*.token",
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "*.headers.authorization",
  "*.headers.cookie",
];

let destinationFd = 1;

/** The CLI keeps stdout for its JSON answer, so its logs go to stderr. */
export function sendLogsToStderr(): void {
  destinationFd = 2;
}

export function createLogger(destination: pino.DestinationStream, level: pino.LevelWithSilent): pino.Logger {
  return pino(
    {
      level,
      base: { service: "reconstream" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

export function getLogger(): pino.Logger {
  return singleton("logger", () =>
    createLogger(pino.destination({ fd: destinationFd, sync: false }), getEnv().LOG_LEVEL),
  );
}
