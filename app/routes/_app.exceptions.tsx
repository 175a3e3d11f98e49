import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { encodeCursor } from "~/http/cursor";
import { BulkSchema, readLinkFilters } from "~/http/forms/exception-forms.server";
import { parseForm, runFormAction } from "~/http/ui-action.server";
import { exceptionFilterChoices, listExceptions } from "~/modules/exceptions/index.server";
import { listMembers } from "~/modules/tenancy/index.server";
import { filterFromQuery } from "~/modules/exceptions";
import { serializeException } from "~/api/views/exceptions";
import { bulkUpdateExceptions, type BulkAction } from "~/modules/exceptions/index.server";
import { toGridRow } from "~/components/exceptions/grid-rows";
import { ExceptionsPage } from "~/components/exceptions/page/exceptions-page";
import { PAGE_SIZE, SORTS, type ExceptionSort } from "~/components/exceptions/page/page-data";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Exceptions · Reconstream" }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, ctx, role, user }) => {
    const searchParams = new URL(request.url).searchParams;
    const sortParam = searchParams.get("sort");
    const sort = (SORTS as readonly string[]).includes(sortParam ?? "") ? (sortParam as ExceptionSort) : "-severity";
    // Default view: what still needs someone.
    const { filter, ignored } = readLinkFilters(searchParams, { status: "open,in_review" });
    if (sortParam && sortParam !== sort) ignored.push({ parameter: "sort", message: `must be one of ${SORTS.join(", ")}` });
    const canTriage = roleAllows(role, "exceptions:triage");
    // The assignee picker and the names in the grid; an org has tens of members, not thousands.
    const members = (await listMembers(ctx, { limit: 500 })).data.map((member) => ({ userId: member.userId, name: member.name, email: member.email }));
    const choices = await exceptionFilterChoices(ctx, { streamId: filter.streamId, streamRunId: filter.streamRunId, fileId: filter.fileId });
    const page = await listExceptions(ctx, filterFromQuery(filter), { limit: PAGE_SIZE, sort });
    const now = new Date();
    return json({
      rows: page.data.map((row) => toGridRow(serializeException(row, page.sla, now))),
      nextCursor: encodeCursor(page.nextCursor),
      ignored,
      sort,
      canTriage,
      userId: user.id,
      members,
      choices,
      filterQuery: new URLSearchParams(Object.entries(filter).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]]))).toString(),
    });
  });

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "exceptions:triage" }, async ({ request, ctx, user }) => {
  const formData = await request.formData();
  const result = await runFormAction(request, async () => {
    const input = parseForm(BulkSchema(), formData);
    const change: BulkAction =
      input.operation === "assignToMe"
        ? { action: "assign", assigneeId: user.id }
        : input.operation === "assignTo"
          ? { action: "assign", assigneeId: input.assigneeId ?? null }
          : input.operation === "unassign"
          ? { action: "assign", assigneeId: null }
          : input.operation === "resolved"
            ? { action: "setStatus", status: "resolved", resolutionCode: input.resolutionCode ?? "other" }
            : { action: "setStatus", status: input.operation };
    // "Select all matching": the list's own filter, read as its loader reads it, so the action touches what the totals counted.
    const selection = input.matching !== undefined ? { filter: filterFromQuery(readLinkFilters(new URLSearchParams(input.matching), { status: "open,in_review" }).filter) } : { ids: input.ids! };
    const outcome = await bulkUpdateExceptions(ctx, selection, change);
    return { changed: outcome.changed, operation: input.operation };
  });
  return json(result, { status: result.ok ? 200 : result.error.status });
});


export default function ExceptionsRoute() {
  return <ExceptionsPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
