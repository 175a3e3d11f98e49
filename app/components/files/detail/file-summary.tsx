import { Link } from "@remix-run/react";
import { formatBytes, formatCount, LocalTime } from "~/components/format";
import { Alert } from "~/components/ui/alert";
import { buttonClasses } from "~/components/ui/button";
import { PageHeader } from "~/components/ui/page-header";
import { FileFormatBadge } from "../file-format";
import { FileStatusBadge } from "../file-status";
import type { FileView } from "./file-detail-data";

/** Breadcrumb, title and download, then the file's status line (announced as it changes). */
export function FileHeader({ file }: { file: FileView }) {
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link to="/files" className="text-indigo-700 underline">
          Files
        </Link>
        <span className="mx-1 text-slate-500" aria-hidden="true">
          /
        </span>
        <span className="text-slate-600">{file.name}</span>
      </nav>
      <PageHeader
        title={file.name}
        description={`${formatBytes(file.size)} · ${file.mime} · uploaded by ${file.createdBy}`}
        actions={
          <a href={`/api/v1/files/${file.id}/download`} className={buttonClasses("secondary", "md")} download>
            Download original
          </a>
        }
      />
    </>
  );
}

export function FileStatusLine({ file }: { file: FileView }) {
  return (
    <div role="status" aria-live="polite" className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
      <FileStatusBadge status={file.status} errorCount={file.errorCount} />
      <FileFormatBadge format={file.format} />
      {file.status === "processing" ? <span>Detecting the schema and reading every row… this page updates by itself.</span> : null}
      {file.rowCount !== null ? <span>{formatCount(file.rowCount)} rows</span> : null}
      <span>
        Uploaded <LocalTime iso={file.createdAt} />
      </span>
      {file.profiledAt ? (
        <span>
          · profiled <LocalTime iso={file.profiledAt} />
        </span>
      ) : null}
      <span>· policy {file.policy}</span>
    </div>
  );
}

/** Accepted duplicates are warnings, not errors: the reader decides whether reconciling both is intended. */
export function DuplicateWarnings({ file }: { file: FileView }) {
  return (
    <>
      {file.duplicateOf ? (
        <Alert tone="warning" title="Duplicate upload">
          The same bytes (sha256) were uploaded before as{" "}
          <Link to={`/files/${file.duplicateOf}`} className="font-medium underline">
            an earlier file
          </Link>
          . It was accepted; check you are not reconciling the same data twice.
        </Alert>
      ) : null}

      {file.duplicateStatementOf ? (
        <Alert tone="warning" title="Duplicate statement">
          The same bank statement (account, statement id and opening balance) is already in{" "}
          <Link to={`/files/${file.duplicateStatementOf}`} className="font-medium underline">
            an earlier file
          </Link>
          , under other bytes. It was accepted; reconciling both would count its entries twice.
        </Alert>
      ) : null}
    </>
  );
}
