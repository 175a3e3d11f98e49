import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect } from "react";
import { roleAllows } from "~/core/access";
import { FilesIcon } from "~/components/app-shell";
import { FileUploader } from "~/components/files/file-uploader";
import { FileFormatBadge } from "~/components/files/file-format";
import { FileStatusBadge } from "~/components/files/file-status";
import { formatBytes, formatCount, LocalTime } from "~/components/format";
import { buttonClasses } from "~/components/ui/button";
import { EmptyState } from "~/components/ui/empty-state";
import { Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { Select } from "~/components/ui/select";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { FilesQuerySchema } from "~/http/forms/file-forms.server";
import { listFiles } from "~/modules/files/index.server";
import { uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Files · Reconstream" }];

const PAGE_SIZE = 50;


export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ request, ctx, role }) => {
  const query = FilesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await listFiles(ctx, { limit: PAGE_SIZE, cursor: query.cursor, status: query.status, kind: query.kind ?? "upload", nameContains: query.q });
  return json({
    files: page.data.map((file) => ({
      id: file.id,
      name: file.name,
      size: file.size,
      sha256: file.sha256,
      status: file.status,
      kind: file.kind,
      policy: file.policy,
      tags: file.tags,
      inbox: file.inbox,
      duplicateOf: file.duplicateOf,
      rowCount: file.rowCount,
      errorCount: file.errorCount,
      format: file.detectedSchema?.format ?? null,
      recognized: file.format,
      duplicateStatementOf: file.duplicateStatementOf,
      createdAt: file.createdAt.toISOString(),
      createdBy: file.createdBy,
    })),
    nextCursor: page.nextCursor,
    filtered: Boolean(query.status || query.q || query.cursor || (query.kind && query.kind !== "upload")),
    query,
    canUpload: roleAllows(role, "runs:execute"),
  });
});

/** While a file is profiling, the list refreshes itself; it stops once nothing is processing. */
const POLL_MS = 1500;

export default function FilesPage() {
  const { files, nextCursor, filtered, query, canUpload } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const anyProcessing = files.some((file) => file.status === "processing");

  useEffect(() => {
    if (!anyProcessing) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle" && document.visibilityState === "visible") revalidator.revalidate();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [anyProcessing, revalidator]);

  const loading = navigation.state === "loading" && navigation.location.pathname === "/files";

  return (
    <>
      <PageHeader
        title="Files"
        description="Source data for reconciliation: bank statements, PSP payout reports, ledgers and order exports. Each file's schema is detected on upload."
      />

      {canUpload ? (
        <div className="mb-8">
          <FileUploader onUploaded={() => revalidator.revalidate()} />
        </div>
      ) : null}

      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3" role="search" aria-label="Filter files">
        <div className="w-64">
          <label htmlFor="files-q" className="mb-1 block text-xs font-medium text-slate-600">
            Name contains
          </label>
          <Input id="files-q" name="q" defaultValue={query.q ?? ""} type="search" />
        </div>
        <div className="w-44">
          <label htmlFor="files-status" className="mb-1 block text-xs font-medium text-slate-600">
            Status
          </label>
          <Select id="files-status" name="status" defaultValue={query.status ?? ""}>
            <option value="">Any</option>
            <option value="processing">Processing</option>
            <option value="ready">Ready</option>
            <option value="failed">Failed</option>
          </Select>
        </div>
        <div className="w-44">
          <label htmlFor="files-kind" className="mb-1 block text-xs font-medium text-slate-600">
            Kind
          </label>
          <Select id="files-kind" name="kind" defaultValue={query.kind ?? "upload"}>
            <option value="upload">Uploads</option>
            <option value="artifact">Run artifacts</option>
            <option value="snapshot">Data-source snapshots</option>
          </Select>
        </div>
        <button type="submit" className={buttonClasses("secondary", "md")}>
          Filter
        </button>
        {filtered ? (
          <Link to="/files" className={buttonClasses("ghost", "md")}>
            Clear
          </Link>
        ) : null}
      </Form>

      {files.length === 0 ? (
        <EmptyState
          icon={<FilesIcon className="h-6 w-6" />}
          title={filtered ? "No files match these filters" : "No files yet"}
          description={
            filtered
              ? "Change or clear the filters to see more."
              : canUpload
                ? "Drop a bank statement, PSP payout report or order export above. Reconstream detects its schema and keeps the original, so every reconciled record can be traced to the row it came from."
                : "Files your team uploads appear here with their detected schema."
          }
        />
      ) : (
        <Table aria-busy={loading || undefined} containerClassName={loading ? "opacity-60 transition-opacity" : undefined}>
          <TableCaption srOnly>Files, newest first</TableCaption>
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Status</TH>
              <TH numeric>Size</TH>
              <TH numeric>Rows</TH>
              <TH>sha256</TH>
              <TH>Kind</TH>
              <TH>Uploaded</TH>
            </TR>
          </THead>
          <TBody>
            {files.map((file) => (
              <TR key={file.id}>
                <TD className="max-w-xs">
                  <Link to={`/files/${file.id}`} prefetch="intent" className="block truncate font-medium text-indigo-700 hover:underline">
                    {file.name}
                  </Link>
                  <div className="mt-0.5 flex flex-wrap gap-1">
                    {file.duplicateOf ? (
                      <Link
                        to={`/files/${file.duplicateOf}`}
                        className="inline-flex items-center gap-1 rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200 hover:underline"
                        title="The same bytes (sha256) were uploaded before"
                      >
                        Duplicate of an earlier file
                      </Link>
                    ) : null}
                    {file.duplicateStatementOf ? (
                      <Link
                        to={`/files/${file.duplicateStatementOf}`}
                        className="inline-flex items-center gap-1 rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200 hover:underline"
                        title="The same bank statement (account, statement id, opening balance) was uploaded before"
                      >
                        Duplicate statement
                      </Link>
                    ) : null}
                    {file.tags.map((tag) => (
                      <span key={tag} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
                        {tag}
                      </span>
                    ))}
                    {file.inbox ? <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs text-indigo-700">inbox: {file.inbox}</span> : null}
                  </div>
                </TD>
                <TD>
                  <div className="flex flex-wrap gap-1">
                    <FileStatusBadge status={file.status} errorCount={file.errorCount} />
                    <FileFormatBadge format={file.recognized} />
                  </div>
                </TD>
                <TD numeric className="whitespace-nowrap">
                  {formatBytes(file.size)}
                </TD>
                <TD numeric>{file.rowCount === null ? <span className="text-slate-500">—</span> : formatCount(file.rowCount)}</TD>
                <TD className="font-mono text-xs text-slate-600">
                  <span title={file.sha256}>{file.sha256.slice(0, 12)}…</span>
                </TD>
                <TD className="whitespace-nowrap text-slate-600">
                  {file.kind}
                  {/* An adapter-read file says which adapter in its "Recognized" badge; "adapter" here would say nothing more. */}
                  {file.format && file.format !== "adapter" ? <span className="text-slate-500"> · {file.format}</span> : null}
                </TD>
                <TD className="whitespace-nowrap text-slate-600">
                  <LocalTime iso={file.createdAt} />
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}

      <div className="mt-4 flex justify-between">
        {query.cursor ? (
          <Link to={`/files?${withoutCursor(searchParams)}`} className={buttonClasses("secondary", "sm")}>
            Newest files
          </Link>
        ) : (
          <span />
        )}
        {nextCursor ? (
          <Link to={`/files?${withCursor(searchParams, nextCursor)}`} className={buttonClasses("secondary", "sm")} prefetch="intent">
            Older files
          </Link>
        ) : null}
      </div>
    </>
  );
}

function withCursor(params: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(params);
  next.set("cursor", cursor);
  return next.toString();
}

function withoutCursor(params: URLSearchParams): string {
  const next = new URLSearchParams(params);
  next.delete("cursor");
  return next.toString();
}
