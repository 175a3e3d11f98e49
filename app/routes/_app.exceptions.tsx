import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import type { ProblemView } from "~/components/problem";
import { encodeCursor } from "~/http/cursor";
import { BulkSchema, ExceptionFilterSchema } from "~/http/forms/exception-forms.server";
import { parseForm, runFormAction } from "~/http/ui-action.server";
import { listExceptions } from "~/modules/exceptions/index.server";
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
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const sort = (SORTS as readonly string[]).includes(params.sort ?? "") ? (params.sort as ExceptionSort) : "-severity";
  // Default view: what still needs someone.
  const parsed = ExceptionFilterSchema.safeParse({ status: "open,in_review", ...params });
  const canTriage = roleAllows(role, "exceptions:triage");
  // The assignee picker and the names in the grid; an org has tens of members, not thousands.
  const members = (await listMembers(ctx, { limit: 500 })).data.map((member) => ({ userId: member.userId, name: member.name, email: member.email }));
  if (!parsed.success) {
    const problem: ProblemView = {
      title: "The filters in the link are not valid",
      errors: parsed.error.issues.map((issue) => ({ parameter: issue.path.map(String).join("."), message: issue.message })),
    };
    return json({ rows: [], nextCursor: null, problem, sort, canTriage, userId: user.id, members });
  }
  const page = await listExceptions(ctx, filterFromQuery(parsed.data), { limit: PAGE_SIZE, sort });
  const now = new Date();
  return json({
    rows: page.data.map((row) => toGridRow(serializeException(row, page.sla, now))),
    nextCursor: encodeCursor(page.nextCursor),
    problem: null as ProblemView | null,
    sort,
    canTriage,
    userId: user.id,
    members,
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
    await bulkUpdateExceptions(ctx, { ids: input.ids }, change);
    return { changed: input.ids.length, operation: input.operation };
  });
  return json(result, { status: result.ok ? 200 : result.error.status });
});


export default function ExceptionsRoute() {
  return <ExceptionsPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
