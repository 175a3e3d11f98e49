import { Link } from "@remix-run/react";
import { useState } from "react";
import { FileUploader, type UploadedFileSummary } from "~/components/files/file-uploader";
import { FileFormatBadge, FileFormatSelect, type AdapterChoice } from "~/components/files/file-format";
import { FileStatusBadge } from "~/components/files/file-status";
import { formatCount, LocalTime } from "~/components/format";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { EmptyState } from "~/components/ui/empty-state";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import type { Side } from "./draft";
import type { WizardFile } from "./types";

/**
 * Both files in one table: each ready file can be the source or the target
 * (radio buttons per side, so arrow keys move through them); files still
 * profiling or failed are listed with their status but cannot be chosen.
 */
export function FileStep({
  files,
  adapters,
  selected,
  onSelect,
  canUpload,
  onUploaded,
  errors,
  staleMappings = false,
  suggestProblem = null,
}: {
  staleMappings?: boolean;
  suggestProblem?: ProblemView | null;
  files: WizardFile[];
  adapters: AdapterChoice[];
  selected: Record<Side, string>;
  onSelect: (side: Side, fileId: string) => void;
  canUpload: boolean;
  onUploaded: (file: UploadedFileSummary) => void;
  errors: Partial<Record<Side, string>>;
}) {
  // Open while there is nothing to choose; afterwards it stays as the user leaves it, so uploads in progress stay visible.
  const [uploadOpen, setUploadOpen] = useState(files.length === 0);
  return (
    <div className="space-y-6">
      {canUpload ? (
        <details className="rounded-lg border border-slate-200 bg-white px-4 py-3" open={uploadOpen} onToggle={(event) => setUploadOpen(event.currentTarget.open)}>
          <summary className="cursor-pointer text-sm font-medium text-slate-800">Upload files</summary>
          <div className="mt-3">
            <FileUploader onUploaded={onUploaded} />
            <p className="mt-2 text-xs text-slate-600">New files are profiled in the background and become selectable once ready; the first two fill the empty sides.</p>
          </div>
        </details>
      ) : null}

      {files.length === 0 ? (
        <EmptyState
          title="No files yet"
          description={canUpload ? "Upload the two files to reconcile above: an export and the statement or report it should agree with." : "Files your team uploads appear here."}
          headingLevel="h3"
        />
      ) : (
        <Table>
          <TableCaption srOnly>Files to reconcile: choose a source and a target</TableCaption>
          <THead>
            <TR>
              <TH>File</TH>
              <TH>Status</TH>
              <TH numeric>Rows</TH>
              <TH>Uploaded</TH>
              <TH className="text-center">Source</TH>
              <TH className="text-center">Target</TH>
            </TR>
          </THead>
          <TBody>
            {files.map((file) => {
              const ready = file.status === "ready";
              return (
                <TR key={file.id} data-testid={`file-row-${file.name}`}>
                  <TD className="max-w-xs">
                    <Link to={`/files/${file.id}`} className="block truncate font-medium text-indigo-700 hover:underline">
                      {file.name}
                    </Link>
                  </TD>
                  <TD>
                    <div className="flex flex-wrap gap-1">
                      <FileStatusBadge status={file.status} errorCount={file.errorCount} />
                      <FileFormatBadge format={file.format} />
                    </div>
                    {canUpload ? (
                      <FileFormatSelect fileId={file.id} fileName={file.name} format={file.format} adapters={adapters} action="/quick-run?index" disabled={file.status === "processing"} />
                    ) : null}
                  </TD>
                  <TD numeric>{file.rowCount === null ? "—" : formatCount(file.rowCount)}</TD>
                  <TD className="whitespace-nowrap text-slate-600">
                    <LocalTime iso={file.createdAt} />
                  </TD>
                  {(["source", "target"] as const).map((side) => (
                    <TD key={side} className="text-center">
                      <input
                        type="radio"
                        name={`quick-run-${side}`}
                        value={file.id}
                        checked={selected[side] === file.id}
                        disabled={!ready}
                        onChange={() => onSelect(side, file.id)}
                        aria-label={`Use ${file.name} as the ${side}${ready ? "" : ` (${file.status}, not selectable)`}`}
                        aria-invalid={errors[side] ? true : undefined}
                        className="h-4 w-4 border-slate-300 text-indigo-600 focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-40"
                      />
                    </TD>
                  ))}
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
      <SelectedFiles files={files} selected={selected} errors={errors} />
      {staleMappings ? (
        <p className="text-sm text-amber-800">These files differ from the ones the mappings were made for: continuing replaces the mappings with a new suggestion.</p>
      ) : null}
      {suggestProblem ? <ProblemAlert problem={suggestProblem} /> : null}
    </div>
  );
}

function SelectedFiles({ files, selected, errors }: { files: WizardFile[]; selected: Record<Side, string>; errors: Partial<Record<Side, string>> }) {
  const nameOf = (id: string) => files.find((file) => file.id === id)?.name;
  return (
    <dl className="grid gap-3 sm:grid-cols-2">
      {(["source", "target"] as const).map((side) => (
        <div key={side} className={`rounded-md border px-3 py-2 ${errors[side] ? "border-red-300 bg-red-50" : "border-slate-200 bg-white"}`}>
          <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{side === "source" ? "Source file" : "Target file"}</dt>
          <dd className="text-sm text-slate-900" data-testid={`selected-${side}`}>
            {nameOf(selected[side]) ?? <span className="text-slate-500">Not chosen</span>}
          </dd>
          {errors[side] ? (
            <dd className="text-sm text-red-700" id={`quick-run-${side}-error`}>
              {errors[side]}
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
