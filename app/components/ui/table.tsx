import { forwardRef } from "react";
import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";
import { useKeyboardScroll } from "./use-keyboard-scroll";

export interface TableProps extends HTMLAttributes<HTMLTableElement> {
  /** Class for the scrolling, bordered container (`className` goes to `<table>`). */
  containerClassName?: string;
}

/** Give every table a name: a `<TableCaption>` or `aria-label`. */
export const Table = forwardRef<HTMLTableElement, TableProps>(function Table(
  { className, containerClassName, ...props },
  ref,
) {
  const scrollRef = useKeyboardScroll<HTMLDivElement>();
  return (
    <div
      ref={scrollRef}
      className={cn(
        // relative: an absolutely placed cell child (an sr-only header) is clipped here too, not left to widen the page.
        "relative overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm",
        "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500",
        containerClassName,
      )}
    >
      <table
        ref={ref}
        className={cn("min-w-full divide-y divide-slate-200 text-left text-sm tabular-nums", className)}
        {...props}
      />
    </div>
  );
});

export interface TableCaptionProps extends HTMLAttributes<HTMLTableCaptionElement> {
  /** Keep the caption for screen readers only. */
  srOnly?: boolean;
}

export function TableCaption({ srOnly, className, ...props }: TableCaptionProps) {
  return (
    <caption
      className={cn(
        srOnly ? "sr-only" : "px-4 py-3 text-left text-sm font-medium text-slate-700",
        className,
      )}
      {...props}
    />
  );
}

export function THead({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn("bg-slate-50", className)} {...props} />;
}

export function TBody({ className, ...props }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("divide-y divide-slate-100 bg-white", className)} {...props} />;
}

export interface TRProps extends HTMLAttributes<HTMLTableRowElement> {
  /** Highlight on hover, for rows that are clickable or link somewhere. */
  interactive?: boolean;
}

export function TR({ interactive, className, ...props }: TRProps) {
  return <tr className={cn(interactive && "transition-colors hover:bg-slate-50", className)} {...props} />;
}

export interface THProps extends ThHTMLAttributes<HTMLTableCellElement> {
  /** Right-align (amounts, counts). */
  numeric?: boolean;
}

export function TH({ numeric, scope = "col", className, ...props }: THProps) {
  return (
    <th
      scope={scope}
      className={cn(
        "whitespace-nowrap px-4 py-3 text-xs font-semibold uppercase tracking-wide text-slate-500",
        numeric ? "text-right" : "text-left",
        className,
      )}
      {...props}
    />
  );
}

export interface TDProps extends TdHTMLAttributes<HTMLTableCellElement> {
  /** Right-align with tabular figures (amounts, counts). */
  numeric?: boolean;
}

export function TD({ numeric, className, ...props }: TDProps) {
  return (
    <td
      className={cn(
        "px-4 py-3 align-middle text-slate-700",
        numeric && "whitespace-nowrap text-right tabular-nums",
        className,
      )}
      {...props}
    />
  );
}
