import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigation } from "@remix-run/react";
import { roleAllows } from "~/auth/permissions";
import { requireSessionUser } from "~/auth/session-user.server";
import { Badge } from "~/components/ui/badge";
import { buttonClasses } from "~/components/ui/button";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { readLoadContext } from "~/http/load-context";
import { listAuditEvents } from "~/services/audit.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Reconstream" }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { ctx, role } = await requireSessionUser(request, readLoadContext(context).requestId);
  if (!roleAllows(role, "audit:read")) throw new Response("Forbidden", { status: 403 });

  const raw = new URL(request.url).searchParams.get("cursor");
  let cursor: number | undefined;
  if (raw !== null) {
    if (!/^\d{1,15}$/.test(raw)) throw new Response("The cursor must be a whole number", { status: 400 });
    cursor = Number(raw);
  }

  const page = await listAuditEvents(ctx, { limit: PAGE_SIZE, cursor });
  return json({
    isFirstPage: cursor === undefined,
    nextCursor: page.nextCursor,
    events: page.events.map((event) => ({
      id: event.id,
      seq: event.seq,
      createdAt: event.createdAt.toISOString(),
      actorType: event.actorType,
      actorLabel: event.actorLabel,
      action: event.action,
      resourceType: event.resourceType,
      resourceId: event.resourceId,
      requestId: event.requestId,
    })),
  });
}

const ACTOR_TYPE_LABELS: Record<string, string> = {
  user: "User",
  api_key: "API key",
  system: "System",
  scheduler: "Scheduler",
};

/** 2025-03-04T09:15:02.123Z → 2025-03-04 09:15:02Z (still ISO 8601, UTC). */
function formatUtc(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d{3}Z$/, "Z");
}

export default function AuditLogPage() {
  const { events, nextCursor, isFirstPage } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const loading = navigation.state === "loading" && navigation.location.pathname === "/settings/audit";

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h2 className="text-base font-semibold text-slate-900">Audit log</h2>
          <p className="text-sm text-slate-600">
            Every change in this organization, newest first: who did it, what changed and the request that carried it.
          </p>
        </div>
        {!isFirstPage ? (
          <Link to="/settings/audit" className={buttonClasses("secondary", "sm")}>
            Newest events
          </Link>
        ) : null}
      </div>

      <div className="flex gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-600">
        <svg
          viewBox="0 0 20 20"
          fill="currentColor"
          className="mt-0.5 h-4 w-4 shrink-0 text-slate-400"
          aria-hidden="true"
          focusable="false"
        >
          <path
            fillRule="evenodd"
            d="M10 1a4.5 4.5 0 0 0-4.5 4.5V8H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 7V5.5a3 3 0 1 0-6 0V8h6Z"
            clipRule="evenodd"
          />
        </svg>
        <p>
          The trail is append-only and hash-chained per organization: each event includes the hash of the one before it,
          so an edited or deleted event breaks the chain. Verify it with{" "}
          <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">
            npm run cli -- audit:verify
          </code>
          . Times are UTC.
        </p>
      </div>

      {events.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-10 text-center text-sm text-slate-600">
          {isFirstPage ? "No audit events yet." : "No older events."}
        </p>
      ) : (
        <Table
          aria-busy={loading || undefined}
          containerClassName={loading ? "opacity-60 transition-opacity" : undefined}
        >
          <TableCaption srOnly>Audit events, newest first</TableCaption>
          <THead>
            <TR>
              <TH>Time (UTC)</TH>
              <TH>Actor</TH>
              <TH>Action</TH>
              <TH>Resource</TH>
              <TH>Request ID</TH>
            </TR>
          </THead>
          <TBody>
            {events.map((event) => (
              <TR key={event.id}>
                <TD className="whitespace-nowrap font-mono text-xs">
                  <time dateTime={event.createdAt} title={`#${event.seq} · ${event.createdAt}`}>
                    {formatUtc(event.createdAt)}
                  </time>
                </TD>
                <TD>
                  <div className="flex flex-col gap-0.5">
                    <span className="break-all text-slate-900">{event.actorLabel}</span>
                    <span className="text-xs text-slate-500">
                      {ACTOR_TYPE_LABELS[event.actorType] ?? event.actorType}
                    </span>
                  </div>
                </TD>
                <TD className="whitespace-nowrap">
                  <Badge className="font-mono">{event.action}</Badge>
                </TD>
                <TD>
                  <div className="flex flex-col gap-0.5">
                    <span className="text-slate-900">{event.resourceType}</span>
                    {event.resourceId ? (
                      <span className="break-all font-mono text-xs text-slate-500">{event.resourceId}</span>
                    ) : null}
                  </div>
                </TD>
                <TD className="font-mono text-xs text-slate-500">
                  {event.requestId ?? <span className="font-sans text-slate-400">—</span>}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}

      <div className="flex items-center justify-between">
        <p className="text-sm text-slate-500">
          {events.length > 0
            ? `Showing ${events.length} ${events.length === 1 ? "event" : "events"} (#${events[0]!.seq} to #${
                events[events.length - 1]!.seq
              }).`
            : null}
        </p>
        {nextCursor ? (
          <Link
            to={`/settings/audit?cursor=${encodeURIComponent(nextCursor)}`}
            className={buttonClasses("secondary", "sm")}
            prefetch="intent"
          >
            Older events
          </Link>
        ) : null}
      </div>
    </div>
  );
}
