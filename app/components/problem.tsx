import { Alert } from "./ui/alert";

/** The client's view of an RFC 9457 problem+json body (see app/http/problem.server.ts). */
export interface ProblemView {
  title: string;
  status?: number;
  detail?: string;
  errors?: Array<{ message: string; pointer?: string; parameter?: string; file?: string; line?: number; column?: number; field?: string; position?: number }>;
  /** From a 503's Retry-After: the request may succeed if made again after this many seconds. */
  retryAfterSeconds?: number;
}

/** Reads a failed fetch/XHR body as a problem; anything else becomes a plain one naming the status. */
export function toProblem(status: number, body: unknown): ProblemView {
  if (body && typeof body === "object" && "title" in body && typeof (body as { title: unknown }).title === "string") {
    return body as ProblemView;
  }
  return { title: status === 0 ? "The connection failed" : `The request failed (HTTP ${status})`, status };
}

export function describeLocation(location: NonNullable<ProblemView["errors"]>[number]): string | null {
  const parts: string[] = [];
  if (location.file) parts.push(location.file);
  if (location.line !== undefined && location.line > 0) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  if (location.field) parts.push(`field “${location.field}”`);
  if (location.pointer) parts.push(location.pointer);
  if (location.position !== undefined) parts.push(`character ${location.position}`);
  if (location.parameter) parts.push(`parameter ${location.parameter}`);
  return parts.length > 0 ? parts.join(", ") : null;
}

/** A problem with every location it names, so the reader knows where to look, not only what went wrong. */
export function ProblemAlert({ problem, className }: { problem: ProblemView; className?: string }) {
  const errors = problem.errors ?? [];
  return (
    <Alert tone="danger" title={problem.title} className={className}>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.retryAfterSeconds !== undefined ? <p>Try again in {problem.retryAfterSeconds} s.</p> : null}
      {errors.length > 0 ? (
        <ul className="mt-1 list-disc space-y-0.5 pl-5">
          {errors.slice(0, 20).map((error, index) => {
            const where = describeLocation(error);
            return (
              <li key={index}>
                {where ? <span className="font-mono text-xs">{where}: </span> : null}
                {error.message}
              </li>
            );
          })}
          {errors.length > 20 ? <li>…and {errors.length - 20} more</li> : null}
        </ul>
      ) : null}
    </Alert>
  );
}
