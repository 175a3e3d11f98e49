import { ConfirmDialog } from "~/components/ui/confirm-dialog";

/** Cancel while the run is going, rerun once it ended. */
export function RunActions({ ended, state }: { ended: boolean; state: string }) {
  return (
    <div className="flex items-center gap-2">
      {!ended && state !== "cancelling" ? (
        <ConfirmDialog
          label="Cancel run"
          title="Cancel this run?"
          description="Steps not started are cancelled; running steps stop at their next checkpoint without committing anything."
          confirmLabel="Cancel run"
          confirmVariant="danger"
          fields={{ intent: "cancel" }}
        />
      ) : null}
      {ended ? (
        <ConfirmDialog
          label="Rerun"
          title="Run this again?"
          description="A new run of the same version with the same files. This run is kept."
          confirmLabel="Start rerun"
          fields={{ intent: "rerun" }}
        />
      ) : null}
    </div>
  );
}
