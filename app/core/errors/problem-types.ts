/**
 * Human explanations served at /problems/<name>; `type` in every
 * problem+json points here, so a developer who meets an error can look it up.
 */
export const PROBLEM_TYPES: Record<string, { title: string; status: number; explanation: string }> = {
  "bad-request": {
    title: "The request is malformed",
    status: 400,
    explanation:
      "The body is not valid JSON, a query parameter is unknown or has the wrong shape. `errors` names each offending parameter or JSON pointer.",
  },
  unauthenticated: {
    title: "Authentication required",
    status: 401,
    explanation:
      "Send `Authorization: Bearer rsk_…` with an API key that has not been revoked, or sign in through the web app.",
  },
  forbidden: {
    title: "Your role does not allow this",
    status: 403,
    explanation:
      "Roles are viewer (read), operator (run and triage), admin (configure) and owner (members and org settings). Ask an owner for a higher role or use a key with one.",
  },
  "not-found": {
    title: "Resource not found",
    status: 404,
    explanation:
      "Nothing with this id exists in your organization. Resources of other organizations are reported exactly the same way.",
  },
  "method-not-allowed": {
    title: "Method not allowed",
    status: 405,
    explanation: "The resource exists but does not accept this HTTP method; the `Allow` header lists those it does.",
  },
  conflict: {
    title: "The request conflicts with the current state",
    status: 409,
    explanation: "For example a state transition that is not allowed from the current state. Re-read the resource and retry.",
  },
  "idempotency-conflict": {
    title: "Idempotency-Key reuse conflict",
    status: 409,
    explanation:
      "The same Idempotency-Key was sent with a different request body, or the first request with this key is still in progress. Keys are kept 24 hours.",
  },
  "payload-too-large": {
    title: "The request body is too large",
    status: 413,
    explanation:
      "JSON bodies are limited (1 MiB by default, `MAX_JSON_BODY_BYTES`); upload data as files instead. Files sent to `POST /api/v1/files` are limited too (2 GiB by default, `MAX_UPLOAD_BYTES`); nothing of a refused upload is kept.",
  },
  "unsupported-media-type": {
    title: "Unsupported media type",
    status: 415,
    explanation:
      "JSON endpoints accept `Content-Type: application/json` only. File uploads (`POST /api/v1/files`) take `multipart/form-data` with the file in a part named `file`.",
  },
  gone: {
    title: "The content is no longer available",
    status: 410,
    explanation:
      "The resource exists but its bytes were deleted for good, e.g. an artifact past its stream's `retentionDays`. Its metadata and lineage are kept and can still be read; the bytes cannot be restored from the API. Re-run the stream to produce them again.",
  },
  "validation-failed": {
    title: "Request validation failed",
    status: 422,
    explanation: "The request is well-formed but some values are not acceptable. Each entry in `errors` names the JSON pointer and what is wrong.",
  },
  "preview-budget-exceeded": {
    title: "The preview exceeded its budget",
    status: 422,
    explanation:
      "Previews, Quick Run's live preview and mapping suggestions run on a small pool of threads with a time budget (`PREVIEW_BUDGET_MS`, 10 s by default) and a memory limit. This one ran past it, so it was stopped; nothing was stored. The same request will stop again: preview a smaller sample (`limit`), or simplify the rules (filters and expressions that do a lot per row). A full run has no such budget.",
  },
  "preview-capacity-exhausted": {
    title: "Previews are busy",
    status: 503,
    explanation:
      "Every preview thread is busy and the queue behind them is full (`PREVIEW_THREADS`). Nothing was computed. Retry after the number of seconds in the `Retry-After` header.",
  },
  "rate-limited": {
    title: "Too many requests",
    status: 429,
    explanation: "Slow down. The `Retry-After` header says how many seconds to wait.",
  },
  "artifact-integrity-failed": {
    title: "Stored file failed its integrity check",
    status: 500,
    explanation:
      "The stored bytes of this file no longer match the sha256 recorded when it was uploaded (disk corruption or tampering), so nothing was sent. This is a fault on our side, not in your request: quote the `requestId` to your administrator, who can restore the object from a backup.",
  },
  "service-unavailable": {
    title: "Service unavailable",
    status: 503,
    explanation:
      "The database was briefly unreachable (restarting after a crash or for maintenance), so the request changed nothing. Retry after the number of seconds in the `Retry-After` header; the service recovers by itself.",
  },
  "internal-error": {
    title: "Internal server error",
    status: 500,
    explanation:
      "Something failed on our side. Nothing about it is exposed here; quote the `requestId` to your administrator, who can find the full error in the logs.",
  },
};
