import type { ProblemLocation } from "~/core/errors/domain-errors";
import type { IngestError } from "~/core/ingest";

/** A located ingest error as a 422 lists it. */
export function toProblemLocation(error: IngestError): ProblemLocation {
  const location: ProblemLocation = { file: error.file, line: error.line, message: error.message };
  if (error.column !== undefined) location.column = error.column;
  if (error.field !== undefined) location.field = error.field;
  return location;
}
