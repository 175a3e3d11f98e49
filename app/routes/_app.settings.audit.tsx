import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AuditFilterSchema } from "~/http/forms/settings-forms.server";
import { listAuditEvents, verifyAuditChain } from "~/modules/audit/index.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import { AuditLogPage } from "~/components/settings/audit/audit-log-page";
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

export default function AuditLogRoute() {
  return <AuditLogPage data={useLoaderData<typeof loader>()} />;
}
