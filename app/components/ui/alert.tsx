import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn";

export type AlertTone = "info" | "success" | "warning" | "danger";

const tones: Record<AlertTone, { box: string; icon: string; title: string }> = {
  info: { box: "border-indigo-200 bg-indigo-50 text-indigo-900", icon: "text-indigo-500", title: "text-indigo-900" },
  success: {
    box: "border-emerald-200 bg-emerald-50 text-emerald-900",
    icon: "text-emerald-600",
    title: "text-emerald-900",
  },
  warning: { box: "border-amber-200 bg-amber-50 text-amber-900", icon: "text-amber-600", title: "text-amber-900" },
  danger: { box: "border-red-200 bg-red-50 text-red-900", icon: "text-red-600", title: "text-red-900" },
};

const icons: Record<AlertTone, string> = {
  info: "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm-.75-9.25a.75.75 0 0 1 1.5 0v4.5a.75.75 0 0 1-1.5 0v-4.5ZM10 7.5a.9.9 0 1 1 0-1.8.9.9 0 0 1 0 1.8Z",
  success:
    "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.86-9.86a.75.75 0 0 0-1.22-.88l-3.24 4.5-1.63-1.63a.75.75 0 1 0-1.06 1.06l2.25 2.25a.75.75 0 0 0 1.14-.09l3.76-5.21Z",
  warning:
    "M8.49 2.87c.66-1.16 2.36-1.16 3.02 0l6.28 11.02c.65 1.14-.18 2.56-1.5 2.56H3.71c-1.32 0-2.15-1.42-1.5-2.56L8.49 2.87ZM10 6.5a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 10 6.5Zm0 8a.9.9 0 1 0 0-1.8.9.9 0 0 0 0 1.8Z",
  danger:
    "M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm.75-11.5a.75.75 0 0 0-1.5 0v4a.75.75 0 0 0 1.5 0v-4ZM10 14.25a.9.9 0 1 0 0-1.8.9.9 0 0 0 0 1.8Z",
};

export interface AlertProps extends Omit<HTMLAttributes<HTMLDivElement>, "title"> {
  tone?: AlertTone;
  title?: ReactNode;
}

/**
 * Inline message. Danger alerts use role="alert" (announced immediately);
 * other tones use role="status" (polite). Override with `role` if needed.
 */
export function Alert({ tone = "info", title, className, children, role, ...props }: AlertProps) {
  const t = tones[tone];
  return (
    <div
      role={role ?? (tone === "danger" ? "alert" : "status")}
      className={cn("flex gap-3 rounded-lg border p-4 text-sm", t.box, className)}
      {...props}
    >
      <svg
        viewBox="0 0 20 20"
        fill="currentColor"
        className={cn("mt-0.5 h-5 w-5 shrink-0", t.icon)}
        aria-hidden="true"
        focusable="false"
      >
        <path fillRule="evenodd" clipRule="evenodd" d={icons[tone]} />
      </svg>
      <div className="min-w-0 space-y-1 leading-6">
        {title ? <p className={cn("font-medium", t.title)}>{title}</p> : null}
        {children ? <div>{children}</div> : null}
      </div>
    </div>
  );
}
