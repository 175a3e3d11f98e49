import { Link } from "@remix-run/react";
import { buttonClasses } from "~/components/ui/button";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { PageHeader } from "~/components/ui/page-header";
import { ParameterPickers, type RunParameter } from "../parameter-pickers";
import type { StreamDetailData } from "./stream-detail-data";

interface StreamHeaderProps {
  data: Pick<StreamDetailData, "stream" | "can" | "files" | "definition">;
  parameters: RunParameter[];
}

/** The stream's name with Edit and Run (the run asks for a file per parameter). */
export function StreamHeader({ data, parameters }: StreamHeaderProps) {
  const { stream, can } = data;
  return (
    <PageHeader
      title={stream.name}
      description={stream.description ?? `Version ${stream.version} · ${data.definition.steps.length} step${data.definition.steps.length === 1 ? "" : "s"}`}
      actions={
        <div className="flex items-center gap-2">
          {can.edit && stream.status === "active" ? (
            <Link to={`/streams/${stream.id}/edit`} className={buttonClasses("secondary", "md")}>
              Edit
            </Link>
          ) : null}
          {can.run && stream.status === "active" ? (
            <ConfirmDialog
              label="Run"
              size="md"
              variant="primary"
              title={`Run ${stream.name}`}
              description={`Runs version ${stream.version}. Choose a file for each parameter.`}
              confirmLabel="Start run"
              fields={{ intent: "run" }}
            >
              <ParameterPickers parameters={parameters} files={data.files} />
            </ConfirmDialog>
          ) : null}
        </div>
      }
    />
  );
}
