import { useBlocker } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Button } from "~/components/ui/button";

/**
 * Nothing is lost without a word: with unsaved changes, leaving the editor
 * in the app (a link, back) asks first, and the browser's own leave prompt
 * guards a reload, a closed tab or a typed address. Submitting the editor's
 * own form (Save) stays on the page and is not asked about.
 */
export function UnsavedChangesGuard({ dirty }: { dirty: boolean }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  useEffect(() => {
    if (blocker.state === "blocked" && !dialog.current?.open) dialog.current?.showModal();
    if (blocker.state !== "blocked" && dialog.current?.open) dialog.current.close();
  }, [blocker.state]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="unsaved-changes-title"
      className="w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      onCancel={() => blocker.reset?.()}
    >
      <div className="space-y-4 p-6">
        <h2 id="unsaved-changes-title" className="text-base font-semibold text-slate-900">
          Leave without saving?
        </h2>
        <p className="text-sm text-slate-600">This stream has changes that are not saved. Leaving now discards them.</p>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={() => blocker.reset?.()}>
            Stay and keep editing
          </Button>
          <Button type="button" variant="danger" onClick={() => blocker.proceed?.()}>
            Leave and discard changes
          </Button>
        </div>
      </div>
    </dialog>
  );
}
