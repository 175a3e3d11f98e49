import { forwardRef } from "react";
import type { SelectHTMLAttributes } from "react";
import { cn } from "./cn";
import { controlClasses, isAriaInvalid } from "./input";

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  /** Show the error state. Also implied by `aria-invalid` (which `Field` sets). */
  invalid?: boolean;
  /** Class for the positioning wrapper (`className` goes to the `<select>`). */
  wrapperClassName?: string;
}

/** Native `<select>` with the same look as `Input`. */
export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select(
  { invalid, className, wrapperClassName, children, ...props },
  ref,
) {
  const isInvalid = Boolean(invalid) || isAriaInvalid(props["aria-invalid"]);
  return (
    <div className={cn("relative", wrapperClassName)}>
      <select
        ref={ref}
        className={controlClasses(isInvalid, cn("h-10 appearance-none pr-9", className))}
        {...props}
        aria-invalid={isInvalid || undefined}
      >
        {children}
      </select>
      <svg
        viewBox="0 0 20 20"
        fill="currentColor"
        className="pointer-events-none absolute right-3 top-1/2 h-4 w-4 -translate-y-1/2 text-slate-500"
        aria-hidden="true"
        focusable="false"
      >
        <path
          fillRule="evenodd"
          d="M5.22 8.22a.75.75 0 0 1 1.06 0L10 11.94l3.72-3.72a.75.75 0 1 1 1.06 1.06l-4.25 4.25a.75.75 0 0 1-1.06 0L5.22 9.28a.75.75 0 0 1 0-1.06Z"
          clipRule="evenodd"
        />
      </svg>
    </div>
  );
});
