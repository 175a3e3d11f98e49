import { formatBytes, formatCount, useDisplay } from "~/components/format";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";

/** What a run's artifact list shows; the same shape for a stream run and a Quick Run. */
export interface ArtifactRow {
  id: string;
  stepKey?: string;
  artifactType: string;
  rowCount: number | null;
  size: number;
  checksum: string;
  purgedAt: string | null;
  downloadUrl: string;
}

/**
 * The artifacts with their full sha256 (what an auditor compares a download
 * against) and a download link, or "Purged" once retention removed the bytes.
 * `showStep` adds the step column for multi-step runs.
 */
export function ArtifactTable({ artifacts, caption, showStep = false }: { artifacts: readonly ArtifactRow[]; caption: string; showStep?: boolean }) {
  const { locale } = useDisplay();
  return (
    <Table>
      <TableCaption srOnly>{caption}</TableCaption>
      <THead>
        <TR>
          {showStep ? <TH>Step</TH> : null}
          <TH>Artifact</TH>
          <TH numeric>Rows</TH>
          <TH numeric>Size</TH>
          <TH>sha256</TH>
          <TH>
            <span className="sr-only">Download</span>
          </TH>
        </TR>
      </THead>
      <TBody>
        {artifacts.map((artifact) => {
          const type = artifact.artifactType.replace(/_/g, " ").toLowerCase();
          return (
            <TR key={artifact.id} data-testid={`artifact-${artifact.stepKey ?? "step"}-${artifact.artifactType}`}>
              {showStep ? <TD className="font-mono text-xs">{artifact.stepKey}</TD> : null}
              <TD>{type}</TD>
              <TD numeric>{artifact.rowCount === null ? "—" : formatCount(artifact.rowCount, locale)}</TD>
              <TD numeric>{formatBytes(artifact.size)}</TD>
              <TD>
                <code className="break-all font-mono text-xs text-slate-700" data-testid="artifact-checksum">
                  {artifact.checksum}
                </code>
              </TD>
              <TD>
                {artifact.purgedAt === null ? (
                  <a href={artifact.downloadUrl} download className="text-sm font-medium text-indigo-700 hover:text-indigo-900">
                    Download
                    <span className="sr-only">
                      {" "}
                      {type}
                      {artifact.stepKey ? ` of ${artifact.stepKey}` : ""}
                    </span>
                  </a>
                ) : (
                  <span className="text-sm text-slate-600">Purged</span>
                )}
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}
