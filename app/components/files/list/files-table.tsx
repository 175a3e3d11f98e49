import { Link } from "@remix-run/react";
import { FilesIcon } from "~/components/app-shell";
import { formatBytes, formatCount, LocalTime } from "~/components/format";
import { EmptyState } from "~/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { FileFormatBadge } from "../file-format";
import { FileStatusBadge } from "../file-status";
import type { FileListItem } from "./files-list-data";

export function NoFiles({ filtered, canUpload }: { filtered: boolean; canUpload: boolean }) {
  return (
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
  );
}

export function FilesTable({ files, loading }: { files: FileListItem[]; loading: boolean }) {
  return (
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
  );
}
