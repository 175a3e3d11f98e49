/**
 * What server/app.ts hands every loader and action. `log` is filled in by the
 * API layer once the caller is known, so the access log line can carry the
 * org and actor.
 */
export interface RequestLogFields {
  orgId?: string;
  actor?: string;
}

export interface AppLoadContext {
  requestId: string;
  cspNonce: string;
  clientIp: string;
  log: RequestLogFields;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    requestId: string;
    cspNonce: string;
    clientIp: string;
    log: RequestLogFields;
  }
}

/** Loaders in unit tests or odd entry points still get sane values. */
export function readLoadContext(context: unknown): AppLoadContext {
  const value = (context ?? {}) as Partial<AppLoadContext>;
  return {
    requestId: value.requestId ?? "req_unknown",
    cspNonce: value.cspNonce ?? "",
    clientIp: value.clientIp ?? "unknown",
    log: value.log ?? {},
  };
}
