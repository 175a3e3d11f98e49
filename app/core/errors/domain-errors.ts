/**
 * Typed domain errors. Services throw these; app/http/problem.server.ts maps
 * them to RFC 9457 problem+json in one place. Never return null for failure.
 */
export interface ProblemLocation {
  message: string;
  /** JSON pointer into the request body, e.g. "/steps/1/inputs/source". */
  pointer?: string;
  /** Query or path parameter name. */
  parameter?: string;
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  /** 1-based character position within the string at `pointer` (an expression or a regular expression). */
  position?: number;
  /** Columns a file lacks that its reader maps (a run parameter's file, a step's input). */
  missingColumns?: string[];
  /** The stream step the problem is about, by key. */
  step?: string;
  /** JSON pointer to the step input the problem is about, in the stream definition (e.g. "/steps/1/inputs/target"). */
  input?: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  /** Short name; the problem type URI is /problems/<problemName>. */
  abstract readonly problemName: string;
  abstract readonly title: string;
  readonly errors: ProblemLocation[];
  readonly headers: Record<string, string>;

  constructor(detail: string, options: { errors?: ProblemLocation[]; headers?: Record<string, string> } = {}) {
    super(detail);
    this.name = new.target.name;
    this.errors = options.errors ?? [];
    this.headers = options.headers ?? {};
  }
}

export class BadRequest extends DomainError {
  readonly status = 400;
  readonly problemName = "bad-request";
  readonly title = "The request is malformed";
}

export class Unauthenticated extends DomainError {
  readonly status = 401;
  readonly problemName = "unauthenticated";
  readonly title = "Authentication required";
  constructor(detail = "Send a valid API key as 'Authorization: Bearer rsk_…' or sign in") {
    super(detail, { headers: { "WWW-Authenticate": 'Bearer realm="reconstream"' } });
  }
}

export class Forbidden extends DomainError {
  readonly status = 403;
  readonly problemName = "forbidden";
  readonly title = "Your role does not allow this";
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly problemName = "not-found";
  readonly title = "Resource not found";
  constructor(resource: string, id?: string) {
    super(id ? `No ${resource} with id '${id}'` : `No such ${resource}`);
  }
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly problemName = "conflict";
  readonly title = "The request conflicts with the current state";
}

export class IdempotencyConflict extends DomainError {
  readonly status = 409;
  readonly problemName = "idempotency-conflict";
  readonly title = "Idempotency-Key reuse conflict";
}

export class PayloadTooLarge extends DomainError {
  readonly status = 413;
  readonly problemName = "payload-too-large";
  readonly title = "The request body is too large";
  constructor(detail: string) {
    // The unread rest of the body is still on the wire; closing the connection
    // stops the client from reusing a socket we never finished reading.
    super(detail, { headers: { Connection: "close" } });
  }
}

export class UnsupportedMediaType extends DomainError {
  readonly status = 415;
  readonly problemName = "unsupported-media-type";
  readonly title = "Unsupported media type";
}

/**
 * Stored bytes no longer match the sha256 recorded when they were written:
 * disk corruption or tampering. A 500 because the fault is ours, not the
 * client's; raised before any byte is sent, so a client never receives
 * corrupt data under a success status.
 */
export class ArtifactIntegrityFailed extends DomainError {
  readonly status = 500;
  readonly problemName = "artifact-integrity-failed";
  readonly title = "Stored file failed its integrity check";
}

/**
 * The resource is known but its content is no longer kept: an artifact whose
 * bytes retention purged. Metadata and lineage stay readable; only the bytes
 * are gone, for good, which a 404 would misstate.
 */
export class Gone extends DomainError {
  readonly status = 410;
  readonly problemName = "gone";
  readonly title = "The content is no longer available";
}

export class ValidationFailed extends DomainError {
  readonly status = 422;
  readonly problemName = "validation-failed";
  readonly title = "Request validation failed";
}

/**
 * A preview or suggestion ran past its time (or memory) budget: the rules or
 * the data make it too slow to compute on request. Its thread was stopped;
 * the same request will overrun again, so this is the client's to change
 * (smaller sample, simpler rules), not a retry.
 */
export class PreviewBudgetExceeded extends DomainError {
  readonly status = 422;
  readonly problemName = "preview-budget-exceeded";
  readonly title = "The preview exceeded its budget";
}

/** Every preview thread is busy and the queue is full: a retry after Retry-After seconds will likely succeed. */
export class PreviewCapacityExhausted extends DomainError {
  readonly status = 503;
  readonly problemName = "preview-capacity-exhausted";
  readonly title = "Previews are busy";
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail, { headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) } });
  }
}

export class TooManyRequests extends DomainError {
  readonly status = 429;
  readonly problemName = "rate-limited";
  readonly title = "Too many requests";
  constructor(detail: string, readonly retryAfterSeconds: number) {
    super(detail, { headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) } });
  }
}

export class MethodNotAllowed extends DomainError {
  readonly status = 405;
  readonly problemName = "method-not-allowed";
  readonly title = "Method not allowed";
  constructor(method: string, allowed: string[]) {
    super(`${method} is not allowed here; use ${allowed.join(", ")}`, { headers: { Allow: allowed.join(", ") } });
  }
}
