import type { IngestError } from "./types";

/**
 * The file cannot be ingested as a whole: undecodable bytes or a bad value in
 * strict mode, an unterminated quote, no header, an unsupported format.
 * `errors` holds the first ones in file order; `errorCount` counts them all.
 */
export class IngestFileError extends Error {
  readonly errors: IngestError[];
  readonly errorCount: number;

  constructor(errors: IngestError[], errorCount = errors.length) {
    super(describe(errors, errorCount));
    this.name = "IngestFileError";
    this.errors = errors;
    this.errorCount = errorCount;
  }
}

function describe(errors: IngestError[], errorCount: number): string {
  const first = errors[0];
  if (!first) return "the file cannot be read";
  const where = `${first.file}: line ${first.line}${first.column === undefined ? "" : `, column ${first.column}`}`;
  const more = errorCount > 1 ? ` (and ${errorCount - 1} more error${errorCount === 2 ? "" : "s"})` : "";
  return `${where}: ${first.message}${more}`;
}

/** One error for the whole file, located at `line` (1 when it is about the file itself). */
export function fileError(file: string, message: string, line = 1, column?: number): IngestFileError {
  return new IngestFileError([{ file, line, ...(column === undefined ? {} : { column }), message }]);
}
