import { limitMessage, type IngestLimits } from "../limits";

export class DelimitedParseError extends Error {
  constructor(
    message: string,
    readonly file: string | undefined,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${file ? `${file}: ` : ""}line ${line}, column ${column}: ${message}`);
    this.name = "DelimitedParseError";
  }
}

/**
 * A line, field or row past the ingest limits (limits.ts). A parse error, so
 * every caller that locates parse errors locates it too; `limit` and `what`
 * let a caller word it as limitExceeded does.
 */
export class DelimitedLimitError extends DelimitedParseError {
  constructor(
    readonly limit: keyof IngestLimits,
    readonly what: string,
    file: string | undefined,
    line: number,
    readonly limitColumn?: number,
  ) {
    super(limitMessage(limit, what), file, line, limitColumn ?? 1);
    this.name = "DelimitedLimitError";
  }
}
