import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { roleAllows } from "~/core/access";
import { FilesListPage } from "~/components/files/list/files-list-page";
import { PAGE_SIZE, toFileListItem } from "~/components/files/list/files-list-data";
import { FilesQuerySchema } from "~/http/forms/file-forms.server";
import { listFiles } from "~/modules/files/index.server";
import { uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Files · Reconstream" }];

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, ctx, role }) => {
  const query = FilesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listFiles(ctx, { limit: PAGE_SIZE, cursor: query.cursor, status: query.status, kind: query.kind ?? "upload", nameContains: query.q });
  return json({
    files: page.data.map(toFileListItem),
    nextCursor: page.nextCursor,
    filtered: Boolean(query.status || query.q || query.cursor || (query.kind && query.kind !== "upload")),
    query,
    canUpload: roleAllows(role, "runs:execute"),
  });
});

export default function FilesRoute() {
  return <FilesListPage data={useLoaderData<typeof loader>()} />;
}
