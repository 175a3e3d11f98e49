import type { LocatedErrors } from "../support/located-errors";

/** Where the BAI2 reading puts located errors: LocatedErrors when reading whole bytes, StreamedErrors (stream.ts) when streaming. */
export type ErrorSink = Pick<LocatedErrors, "file" | "add">;
