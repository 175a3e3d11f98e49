import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatDuration, LocalTime } from "~/components/ui/local-time";
import type { LineageNodeView } from "./lineage-types";

/**
 * The selected lineage node in words: a file's name (to its page), rows and
 * size; a step's name, state and times; an artifact's kind, step, rows and a
 * download link. Checksums and ids stay, in small type, for the auditor.
 */
const ARTIFACT_TITLES: Record<string, string> = {
  UNMATCHED_SOURCE: "Unmatched source rows",
  UNMATCHED_TARGET: "Unmatched target rows",
  MATCHED: "Matched rows",
  EXCLUDED: "Excluded rows",
  EXCEPTIONS: "Exceptions",
};

const numberFormat = new Intl.NumberFormat("en-GB");

function text(value: unknown): string | null {
  return typeof value === "string" && value ? value : null;
}

function count(value: unknown, unit: string): string | null {
  return typeof value === "number" ? `${numberFormat.format(value)} ${unit}${value === 1 ? "" : "s"}` : null;
}

function bytes(value: unknown): string | null {
  if (typeof value !== "number") return null;
  if (value < 1024) return `${numberFormat.format(value)} B`;
  const units = ["KiB", "MiB", "GiB"];
  let size = value / 1024;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${size.toFixed(1)} ${units[unit]}`;
}

function sentenceCase(value: string): string {
  const words = value.replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === "") return null;
  return (
    <div className="grid grid-cols-[6rem,minmax(0,1fr)] gap-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words text-slate-900">{children}</dd>
    </div>
  );
}

function Checksum({ value }: { value: unknown }) {
  const checksum = text(value);
  if (!checksum) return null;
  return (
    <span className="font-mono text-xs" title={checksum}>
      {checksum.slice(0, 16)}…
    </span>
  );
}

export function LineageDetails({ node }: { node: LineageNodeView }) {
  const { details } = node;
  if (details.missing) return <p className="text-slate-600">This {node.type.replace("_", " ")} is no longer recorded ({node.id}).</p>;
  if (node.type === "file") {
    return (
      <dl className="space-y-1.5" data-testid="lineage-details-file">
        <Row label="File">
          <Link to={`/files/${node.id}`} className="font-medium text-indigo-700 underline hover:text-indigo-900">
            {text(details.name) ?? node.label}
          </Link>
        </Row>
        <Row label="Kind">{text(details.kind) ? sentenceCase(String(details.kind)) : null}</Row>
        <Row label="Rows">{count(details.rowCount, "row")}</Row>
        <Row label="Size">{bytes(details.size)}</Row>
        <Row label="Inbox">{text(details.inbox)}</Row>
        <Row label="SHA-256">
          <Checksum value={details.sha256} />
        </Row>
      </dl>
    );
  }
  if (node.type === "step_run") {
    const started = text(details.startedAt);
    const finished = text(details.finishedAt);
    return (
      <dl className="space-y-1.5" data-testid="lineage-details-step">
        <Row label="Step">
          <span className="font-medium">{text(details.name) ?? node.label}</span> <span className="font-mono text-xs text-slate-500">{text(details.stepKey)}</span>
        </Row>
        <Row label="State">{text(details.state)}</Row>
        <Row label="Attempt">{typeof details.attempt === "number" && details.attempt > 0 ? String(details.attempt) : null}</Row>
        <Row label="Started">{started ? <LocalTime iso={started} /> : "Not yet"}</Row>
        <Row label="Finished">{finished ? <LocalTime iso={finished} /> : null}</Row>
        <Row label="Took">{started && finished ? formatDuration(new Date(finished).getTime() - new Date(started).getTime()) : null}</Row>
      </dl>
    );
  }
  const artifactType = text(details.artifactType) ?? "";
  return (
    <dl className="space-y-1.5" data-testid="lineage-details-artifact">
      <Row label="Artifact">{ARTIFACT_TITLES[artifactType] ?? sentenceCase(artifactType)}</Row>
      <Row label="Of step">{text(details.stepKey)}</Row>
      <Row label="Rows">{count(details.rowCount, "row")}</Row>
      <Row label="Size">{bytes(details.size)}</Row>
      <Row label="Status">{text(details.status) ? sentenceCase(String(details.status)) : null}</Row>
      <Row label="SHA-256">
        <Checksum value={details.checksum} />
      </Row>
      <Row label="Download">
        {details.status === "purged" ? (
          "Purged"
        ) : (
          <a href={`/api/v1/artifacts/${node.id}/download`} download className="font-medium text-indigo-700 underline hover:text-indigo-900">
            Download CSV
          </a>
        )}
      </Row>
    </dl>
  );
}
