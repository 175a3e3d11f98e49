import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useFetcher, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { LocalTime } from "~/components/format";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { Input } from "~/components/ui/input";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { AuditFilterSchema } from "~/http/forms/settings-forms.server";
import { listAuditEvents, verifyAuditChain } from "~/modules/audit/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Audit log · Reconstream" }];

const PAGE_SIZE = 50;

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, { permission: "audit:read" }, async ({ request, ctx }) => {
  const raw = new URL(request.url).searchParams.get("cursor");
  let cursor: number | undefined;
  if (raw !== null) {
    if (!/^\d{1,15}$/.test(raw)) throw new Response("The cursor must be a whole number", { status: 400 });
    cursor = Number(raw);
  }

  const filters = AuditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listAuditEvents(ctx, { limit: PAGE_SIZE, cursor, ...filters });
  return json({
    filters,
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
});


/**
 * Re-walks this org's whole chain on request (not on every page view: it
 * reads every event). The same check as `npm run cli -- audit:verify`.
 */
export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "audit:read" }, async ({ ctx }) => {
  const result = await verifyAuditChain(ctx.orgId);
  return json({ verifiedAt: new Date().toISOString(), ok: result.ok, events: result.events, firstBreak: result.firstBreak ?? null });
});

const ACTOR_TYPE_LABELS: Record<string, string> = {
  user: "User",
  api_key: "API key",
  system: "System",
  scheduler: "Scheduler",
};

export default function AuditLogPage() {
  const { events, nextCursor, isFirstPage, filters } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const filtered = Boolean(filters.actionPrefix || filters.resourceType || filters.resourceId);
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
          , or below.
        </p>
      </div>

      <ChainVerification />

      <Form method="get" role="search" aria-label="Filter audit events" className="flex flex-wrap items-end gap-3">
        <div className="w-48">
          <label htmlFor="audit-action" className="mb-1 block text-xs font-medium text-slate-600">
            Action starts with
          </label>
          <Input id="audit-action" name="actionPrefix" defaultValue={filters.actionPrefix ?? ""} placeholder="file." />
        </div>
        <div className="w-48">
          <label htmlFor="audit-resource-type" className="mb-1 block text-xs font-medium text-slate-600">
            Resource type
          </label>
          <Input id="audit-resource-type" name="resourceType" defaultValue={filters.resourceType ?? ""} placeholder="stream" />
        </div>
        <div className="w-56">
          <label htmlFor="audit-resource-id" className="mb-1 block text-xs font-medium text-slate-600">
            Resource id
          </label>
          <Input id="audit-resource-id" name="resourceId" defaultValue={filters.resourceId ?? ""} />
        </div>
        <button type="submit" className={buttonClasses("secondary", "md")}>
          Filter
        </button>
        {filtered ? (
          <Link to="/settings/audit" className={buttonClasses("ghost", "md")}>
            Clear
          </Link>
        ) : null}
      </Form>

      {events.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-10 text-center text-sm text-slate-600">
          {filtered ? "No events match these filters." : isFirstPage ? "No audit events yet." : "No older events."}
        </p>
      ) : (
        <Table
          aria-busy={loading || undefined}
          containerClassName={loading ? "opacity-60 transition-opacity" : undefined}
        >
          <TableCaption srOnly>Audit events, newest first</TableCaption>
          <THead>
            <TR>
              <TH>Time</TH>
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
                  <LocalTime iso={event.createdAt} />
                  <span className="block text-slate-500">#{event.seq}</span>
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
            to={`/settings/audit?${withCursor(searchParams, nextCursor)}`}
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

function withCursor(params: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(params);
  next.set("cursor", cursor);
  return next.toString();
}

function ChainVerification() {
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white px-4 py-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Chain verification</h3>
          <p className="text-sm text-slate-600">Recomputes every event's hash from the first one and checks each link.</p>
        </div>
        <fetcher.Form method="post">
          <Button type="submit" variant="secondary" size="sm" disabled={busy}>
            {busy ? "Verifying…" : "Verify the chain"}
          </Button>
        </fetcher.Form>
      </div>
      <div aria-live="polite">
        {result ? (
          result.ok ? (
            <Alert tone="success" title="Chain intact">
              All {result.events} events verified, <LocalTime iso={result.verifiedAt} />.
            </Alert>
          ) : (
            <Alert tone="danger" title={`Chain broken at event #${result.firstBreak?.seq ?? "?"}`}>
              {result.firstBreak?.reason} ({result.events} events before it verified; event {result.firstBreak?.eventId}).
            </Alert>
          )
        ) : null}
      </div>
    </div>
  );
}
