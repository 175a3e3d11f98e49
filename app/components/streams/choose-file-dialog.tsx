import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { ParameterPickers, type RunParameter } from "./parameter-pickers";

/**
 * Failures a retry cannot help: the step could not read the file it was
 * given (columns its mapping reads, or records its input accepts, that the
 * file lacks; or no file at all). The way on is the same run with another
 * file, so the step offers that instead of a retry.
 */
export const CHOOSE_FILE_CODES: ReadonlySet<string> = new Set(["input_columns_missing", "input_schema_mismatch", "missing_parameter"]);

/** The run parameters a failure names (its located errors' `parameter`, or a `field` that is one). */
export function failedParameters(failure: { errors?: Array<Record<string, unknown>> } | null | undefined, declared: readonly string[]): string[] {
  const named = (failure?.errors ?? []).flatMap((located) => [located.parameter, located.field]).filter((value): value is string => typeof value === "string" && declared.includes(value));
  return [...new Set(named)];
}

export function ChooseFileDialog({ stepLabel, parameters }: { stepLabel: string; parameters: RunParameter[] }) {
  return (
    <ConfirmDialog
      label="Choose another file"
      title={`Run again with another file`}
      description={`${stepLabel} could not read its file. Choose another; the other files stay as they were. A new run of the same version starts.`}
      confirmLabel="Start run"
      fields={{ intent: "rerun-with-files" }}
    >
      <ParameterPickers parameters={parameters} files={[]} />
    </ConfirmDialog>
  );
}
