/**
 * One pino JSON line as a line a person reads in a terminal:
 * `21:04:05.123 INFO  web  web listening on http://localhost:3000  port=3000`.
 * The fields every line carries (service, time) are dropped; the process
 * name and the message lead; other fields follow as key=value; an error's
 * stack goes on the lines below. A line that is not JSON passes unchanged.
 */
const LEVELS: Record<number, { label: string; color: string }> = {
  10: { label: "TRACE", color: "90" },
  20: { label: "DEBUG", color: "90" },
  30: { label: "INFO ", color: "32" },
  40: { label: "WARN ", color: "33" },
  50: { label: "ERROR", color: "31" },
  60: { label: "FATAL", color: "35" },
};

const HIDDEN = new Set(["level", "time", "msg", "service", "process", "err", "pid", "hostname"]);

export function formatLogLine(line: string, color: boolean): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  if (typeof record !== "object" || record === null) return `${line}\n`;
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const level = LEVELS[Number(record.level)] ?? { label: String(record.level).toUpperCase().padEnd(5), color: "0" };
  const time = typeof record.time === "string" ? record.time.slice(11, 23) : new Date(Number(record.time) || Date.now()).toISOString().slice(11, 23);
  const processName = typeof record.process === "string" ? paint("36", record.process.padEnd(10)) : "".padEnd(10);
  const fields = Object.entries(record)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined)
    .map(([key, value]) => `${paint("90", `${key}=`)}${typeof value === "string" ? quoteIfNeeded(value) : JSON.stringify(value)}`);
  const head = [paint("90", time), paint(level.color, level.label), processName, String(record.msg ?? ""), ...fields].join(" ");
  return `${head}${errorLines(record.err)}\n`;
}

function quoteIfNeeded(value: string): string {
  return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
}

function errorLines(err: unknown): string {
  if (!err || typeof err !== "object") return "";
  const { stack, message } = err as { stack?: unknown; message?: unknown };
  const text = typeof stack === "string" ? stack : typeof message === "string" ? message : JSON.stringify(err);
  return `\n${text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n")}`;
}
