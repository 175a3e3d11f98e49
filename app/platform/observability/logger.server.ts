import { isatty } from "node:tty";
import pino from "pino";
import { getEnv } from "~/platform/env.server";
import { singleton } from "~/platform/db/singleton";
import { formatLogLine } from "./pretty-log";

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
  return singleton("logger", () => {
    const { LOG_LEVEL, LOG_FORMAT } = getEnv();
    const destination = pino.destination({ fd: destinationFd, sync: false });
    const pretty = LOG_FORMAT === "pretty" || (LOG_FORMAT === "auto" && isatty(destinationFd));
    return createLogger(pretty ? prettyDestination(destination, isatty(destinationFd)) : destination, LOG_LEVEL);
  });
}

/**
 * Readable lines for a person at a terminal; pino still serializes (and
 * redacts) first, so the pretty line holds exactly what the JSON would.
 */
export function prettyDestination(destination: pino.DestinationStream, color: boolean): pino.DestinationStream {
  return { write: (line: string) => destination.write(formatLogLine(line, color)) };
}
