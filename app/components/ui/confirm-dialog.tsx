import { Form } from "@remix-run/react";
import { useId, useRef, type ReactNode } from "react";
import { Button, type ButtonVariant } from "./button";

/**
 * A button that opens a modal <dialog> with a form: Cancel closes it, the
 * confirm button posts the form. The native dialog traps focus, closes on
 * Escape and returns focus to the button, with no script of ours for that.
 */
export interface ConfirmDialogProps {
  /** The opening button's text (its accessible name). */
  label: string;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  /** Hidden form fields, e.g. { intent: "cancel" }. */
  fields: Record<string, string>;
  /** Extra form controls shown in the dialog (e.g. run parameters). */
  children?: ReactNode;
  variant?: ButtonVariant;
  confirmVariant?: ButtonVariant;
  size?: "sm" | "md";
  disabled?: boolean;
  /** Form action URL; the current route when omitted. */
  action?: string;
}

export function ConfirmDialog({ label, title, description, confirmLabel, fields, children, variant = "secondary", confirmVariant = "primary", size = "sm", disabled, action }: ConfirmDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <Button type="button" variant={variant} size={size} disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {label}
      </Button>
      <dialog ref={dialog} aria-labelledby={titleId} className="w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40">
        <Form method="post" action={action} className="space-y-4 p-6" onSubmit={() => dialog.current?.close()}>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description ? <div className="text-sm text-slate-600">{description}</div> : null}
          {children}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant={confirmVariant}>
              {confirmLabel}
            </Button>
          </div>
        </Form>
      </dialog>
    </>
  );
}
