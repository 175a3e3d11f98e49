import { Link } from "@remix-run/react";
import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Card, CardBody, CardDescription, CardHeader, CardTitle } from "~/components/ui/card";
import { PREVIEW_ROWS, type Preview } from "./file-detail-data";
import { PreviewTable } from "./preview-table";

interface PreviewCardProps {
  fileId: string;
  preview: Preview | null;
  previewProblem: ProblemView | null;
  aroundLine: number | null;
}

export function PreviewCard({ fileId, preview, previewProblem, aroundLine }: PreviewCardProps) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Preview</CardTitle>
        <CardDescription>
          {aroundLine !== null ? (
            <>
              The rows around line {aroundLine} as the engine reads them, that line marked.{" "}
              <Link to={`/files/${fileId}`} className="text-indigo-700 underline">
                Show the first rows
              </Link>
            </>
          ) : (
            <>The first {PREVIEW_ROWS} rows as the engine reads them: the normalized value, with the raw text beneath where it differs.</>
          )}
        </CardDescription>
      </CardHeader>
      {previewProblem ? (
        <CardBody>
          <ProblemAlert problem={previewProblem} />
        </CardBody>
      ) : preview ? (
        <PreviewTable preview={preview} markedLine={aroundLine} />
      ) : null}
    </Card>
  );
}
