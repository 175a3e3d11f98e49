import { useEffect, useId, useRef, useState } from "react";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { buttonClasses } from "./button";

export interface CopyFieldProps {
  /** The value to show and copy (API key prefix, webhook URL, ID…). */
  value: string;
  /** Visible label (also used for the Copy button's accessible name). */
  label: string;
  /** Hide the label visually but keep it for screen readers. */
  hideLabel?: boolean;
  /** Helper text under the field, linked with aria-describedby. */
  hint?: ReactNode;
  id?: string;
  className?: string;
}

type Status = "idle" | "copied" | "failed";

/** Read-only monospace value with a Copy button; the result is announced via aria-live. */
export function CopyField({ value, label, hideLabel, hint, id, className }: CopyFieldProps) {
  const generatedId = useId();
  const inputId = id ?? `copy${generatedId}`;
  const hintId = `${inputId}-hint`;
  const inputRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [status, setStatus] = useState<Status>("idle");

  useEffect(() => () => clearTimeout(timer.current), []);

  function flash(next: Status) {
    clearTimeout(timer.current);
    setStatus(next);
    timer.current = setTimeout(() => setStatus("idle"), next === "copied" ? 2000 : 5000);
  }

  function legacyCopy(): boolean {
    const input = inputRef.current;
    if (!input) return false;
    input.focus();
    input.select();
    try {
      return document.execCommand("copy");
    } catch {
      return false;
    }
  }

  async function copy() {
    try {
      if (typeof navigator !== "undefined" && navigator.clipboard?.writeText) {
        await navigator.clipboard.writeText(value);
        flash("copied");
        return;
      }
      flash(legacyCopy() ? "copied" : "failed");
    } catch {
      flash(legacyCopy() ? "copied" : "failed");
    }
  }

  const message =
    status === "copied"
      ? "Copied"
      : status === "failed"
        ? "Could not copy. Select the value and copy it manually."
        : "";

  return (
    <div className={cn("space-y-1.5", className)}>
      <label htmlFor={inputId} className={hideLabel ? "sr-only" : "block text-sm font-medium text-slate-800"}>
        {label}
      </label>
      <div className="flex rounded-md shadow-sm">
        <input
          ref={inputRef}
          id={inputId}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={hint ? hintId : undefined}
          onFocus={(e) => e.currentTarget.select()}
          className={cn(
            "block h-10 min-w-0 flex-1 rounded-l-md border border-slate-300 bg-slate-50 px-3 font-mono text-sm text-slate-800",
            "focus-visible:z-10 focus-visible:border-indigo-500 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500/30 focus-visible:ring-offset-0",
          )}
        />
        <button
          type="button"
          onClick={() => void copy()}
          aria-label={`Copy ${label}`}
          className={buttonClasses(
            "secondary",
            "md",
            "-ml-px min-w-[6.5rem] rounded-l-none shadow-none focus-visible:z-10",
          )}
        >
          {status === "copied" ? (
            <svg viewBox="0 0 20 20" fill="currentColor" className="h-4 w-4 text-emerald-600" aria-hidden="true" focusable="false">
              <path
                fillRule="evenodd"
                d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.3a1 1 0 0 1 1.4 0Z"
                clipRule="evenodd"
              />
            </svg>
          ) : (
            <svg
              viewBox="0 0 24 24"
              fill="none"
              stroke="currentColor"
              strokeWidth={1.75}
              strokeLinecap="round"
              strokeLinejoin="round"
              className="h-4 w-4"
              aria-hidden="true"
              focusable="false"
            >
              <rect x="9" y="9" width="12" height="12" rx="2" />
              <path d="M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1" />
            </svg>
          )}
          <span>{status === "copied" ? "Copied" : "Copy"}</span>
        </button>
      </div>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
      <p aria-live="polite" role="status" className={status === "failed" ? "text-sm text-red-700" : "sr-only"}>
        {message}
      </p>
    </div>
  );
}
