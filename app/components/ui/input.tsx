import { cloneElement, forwardRef, isValidElement, useId } from "react";
import type {
  AriaAttributes,
  InputHTMLAttributes,
  ReactElement,
  ReactNode,
  TextareaHTMLAttributes,
} from "react";
import { cn } from "./cn";

/** Shared control styling, also used by Select and Textarea. */
export function controlClasses(invalid: boolean, className?: string): string {
  return cn(
    "block w-full rounded-md border bg-white px-3 text-sm text-slate-900 shadow-sm",
    "placeholder:text-slate-400 transition-colors",
    "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-offset-0",
    "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500",
    invalid
      ? "border-red-400 focus-visible:border-red-500 focus-visible:ring-red-500/30"
      : "border-slate-300 hover:border-slate-400 focus-visible:border-indigo-500 focus-visible:ring-indigo-500/30",
    className,
  );
}

export function isAriaInvalid(value: AriaAttributes["aria-invalid"]): boolean {
  return value === true || value === "true" || value === "grammar" || value === "spelling";
}

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  /** Show the error state. Also implied by `aria-invalid` (which `Field` sets). */
  invalid?: boolean;
}

export const Input = forwardRef<HTMLInputElement, InputProps>(function Input(
  { invalid, className, type = "text", ...props },
  ref,
) {
  const isInvalid = Boolean(invalid) || isAriaInvalid(props["aria-invalid"]);
  return (
    <input
      ref={ref}
      type={type}
      className={controlClasses(isInvalid, cn("h-10 read-only:bg-slate-50", className))}
      {...props}
      aria-invalid={isInvalid || undefined}
    />
  );
});

export interface TextareaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  invalid?: boolean;
}

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaProps>(function Textarea(
  { invalid, className, rows = 4, ...props },
  ref,
) {
  const isInvalid = Boolean(invalid) || isAriaInvalid(props["aria-invalid"]);
  return (
    <textarea
      ref={ref}
      rows={rows}
      className={controlClasses(isInvalid, cn("py-2 leading-6 read-only:bg-slate-50", className))}
      {...props}
      aria-invalid={isInvalid || undefined}
    />
  );
});

/** Props `Field` passes to its control. */
export interface FieldControlProps {
  id: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
  required?: boolean;
}

export interface FieldProps {
  label: ReactNode;
  /** Helper text shown under the control. */
  hint?: ReactNode;
  /** Error message; when present the control gets `aria-invalid`. */
  error?: ReactNode;
  /** Control id; defaults to the child's `id`, else a generated one. */
  id?: string;
  /** Marks the label with an asterisk and sets `required` on the control. */
  required?: boolean;
  className?: string;
  /**
   * A single control element (Input, Select, Textarea…), which receives
   * `id`, `aria-describedby`, `aria-invalid` and `required`; or a render
   * function receiving those props.
   */
  children: ReactElement | ((control: FieldControlProps) => ReactNode);
}

type ControlElementProps = {
  id?: unknown;
  required?: unknown;
  "aria-describedby"?: unknown;
};

export function Field({ label, hint, error, id, required, className, children }: FieldProps) {
  const generatedId = useId();
  const childProps: ControlElementProps | undefined = isValidElement<ControlElementProps>(children)
    ? children.props
    : undefined;
  const controlId =
    typeof childProps?.id === "string" && childProps.id ? childProps.id : id ?? `field${generatedId}`;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const hasError = error !== undefined && error !== null && error !== false && error !== "";

  const describedBy =
    [
      typeof childProps?.["aria-describedby"] === "string" ? childProps["aria-describedby"] : undefined,
      hint ? hintId : undefined,
      hasError ? errorId : undefined,
    ]
      .filter(Boolean)
      .join(" ") || undefined;

  const control: FieldControlProps = { id: controlId };
  if (describedBy) control["aria-describedby"] = describedBy;
  if (hasError) control["aria-invalid"] = true;
  if (required) control.required = true;

  let rendered: ReactNode;
  if (typeof children === "function") {
    rendered = children(control);
  } else {
    rendered = cloneElement(children as ReactElement<Record<string, unknown>>, {
      ...control,
      required: control.required ?? childProps?.required,
    });
  }

  return (
    <div className={cn("space-y-1.5", className)}>
      <label htmlFor={controlId} className="block text-sm font-medium text-slate-800">
        {label}
        {required ? (
          <span className="ml-0.5 text-red-600" aria-hidden="true">
            *
          </span>
        ) : null}
      </label>
      {rendered}
      {hint ? (
        <p id={hintId} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      {hasError ? (
        <p id={errorId} className="flex items-start gap-1.5 text-sm text-red-700">
          <svg
            viewBox="0 0 20 20"
            fill="currentColor"
            className="mt-0.5 h-4 w-4 shrink-0"
            aria-hidden="true"
            focusable="false"
          >
            <path
              fillRule="evenodd"
              d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm.75-11.5a.75.75 0 0 0-1.5 0v4a.75.75 0 0 0 1.5 0v-4ZM10 14.25a.9.9 0 1 0 0-1.8.9.9 0 0 0 0 1.8Z"
              clipRule="evenodd"
            />
          </svg>
          <span>{error}</span>
        </p>
      ) : null}
    </div>
  );
}
