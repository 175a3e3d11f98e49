import type { ReactNode } from "react";
import { cn } from "./cn";

export interface EmptyStateProps {
  /** Decorative icon (an inline SVG); hidden from assistive technology. */
  icon?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  /** Optional call to action, e.g. a Button or a Link styled with buttonClasses. */
  action?: ReactNode;
  /** Heading level for the title; defaults to h2. */
  headingLevel?: "h2" | "h3";
  className?: string;
}

export function EmptyState({
  icon,
  title,
  description,
  action,
  headingLevel: Heading = "h2",
  className,
}: EmptyStateProps) {
  return (
    <section
      className={cn(
        "flex flex-col items-center justify-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center",
        className,
      )}
    >
      {icon ? (
        <div
          className="mb-4 flex h-12 w-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 ring-8 ring-indigo-50/50"
          aria-hidden="true"
        >
          {icon}
        </div>
      ) : null}
      <Heading className="text-base font-semibold text-slate-900">{title}</Heading>
      {description ? (
        <div className="mt-2 max-w-lg text-sm leading-6 text-slate-600">{description}</div>
      ) : null}
      {action ? <div className="mt-6 flex items-center gap-3">{action}</div> : null}
    </section>
  );
}
