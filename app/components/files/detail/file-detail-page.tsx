import { useNavigation } from "@remix-run/react";
import { ProblemAlert } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Card, CardBody } from "~/components/ui/card";
import { CopyField } from "~/components/ui/copy-field";
import { FileFormatForm } from "../file-format";
import { usePollWhile } from "../use-poll-while";
import { DeleteFileCard } from "./delete-file-card";
import { DetectedSchema, SchemaSkeleton } from "./detected-schema";
import type { FileActionData, FileDetailData } from "./file-detail-data";
import { DuplicateWarnings, FileHeader, FileStatusLine } from "./file-summary";
import { LocatedErrors } from "./located-errors";
import { OverrideForm } from "./override-form";
import { PreviewCard } from "./preview-card";

const POLL_MS = 1000;

export function FileDetailPage({ data, actionData }: { data: FileDetailData; actionData: FileActionData | undefined }) {
  const { file, preview, previewProblem, aroundLine, adapters, mappings, canEdit, canDelete } = data;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  usePollWhile(file.status === "processing", POLL_MS);

  const schema = file.detectedSchema;
  const actionError = actionData && !actionData.ok ? actionData.error : undefined;
  const actionMessage = actionData && actionData.ok && "message" in actionData ? actionData.message : undefined;

  return (
    <>
      <FileHeader file={file} />

      <div className="space-y-6">
        <FileStatusLine file={file} />
        <DuplicateWarnings file={file} />

        {actionError ? <ProblemAlert problem={{ title: actionError.message, errors: Object.entries(actionError.fields).map(([pointer, message]) => ({ pointer: `/${pointer}`, message })) }} /> : null}
        {actionMessage && !busy ? <Alert tone="success">{actionMessage}</Alert> : null}

        <Card>
          <CardBody>
            <CopyField label="sha256 of the original" value={file.sha256} hint="The download is verified against it before a byte is sent." />
          </CardBody>
        </Card>

        {file.errors.length > 0 ? <LocatedErrors errors={file.errors} total={file.errorCount} status={file.status} rejected={file.rejectedLineCount} /> : null}

        {schema ? <DetectedSchema schema={schema} overrides={file.overrides} /> : file.status === "processing" ? <SchemaSkeleton /> : null}

        {canEdit ? <FileFormatForm format={file.format} adapters={adapters} mappings={mappings} busy={busy} disabled={file.status === "processing"} /> : null}

        {schema && canEdit ? <OverrideForm schema={schema} overrides={file.overrides} policy={file.policy} busy={busy} disabled={file.status === "processing"} /> : null}

        {file.status === "ready" ? <PreviewCard fileId={file.id} preview={preview} previewProblem={previewProblem} aroundLine={aroundLine} /> : null}

        {canDelete ? <DeleteFileCard fileName={file.name} busy={busy} /> : null}
      </div>
    </>
  );
}
