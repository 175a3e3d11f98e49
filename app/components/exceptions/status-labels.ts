import type { ExceptionStatusName } from "~/modules/exceptions";

export const STATUS_LABELS: Record<ExceptionStatusName, string> = {
  open: "open",
  in_review: "in review",
  resolved: "resolved",
  written_off: "written off",
  ignored: "ignored",
};

export const STATUS_ACTIONS: Record<ExceptionStatusName, string> = {
  open: "Reopen",
  in_review: "Start review",
  resolved: "Resolve",
  written_off: "Write off",
  ignored: "Ignore",
};

export function resolutionLabel(code: string): string {
  return code.replaceAll("_", " ");
}
