import { cn } from "~/components/ui/cn";

export const WIZARD_STEPS = ["Files", "Mappings", "Matching", "Review and run"] as const;

/**
 * The wizard's progress as an ordered list: every step reached so far is a
 * button (so a keyboard user can go back to any of them), the current one
 * carries aria-current="step", and steps with problems say so in their name.
 */
export function StepIndicator({
  current,
  reached,
  withProblems,
  onSelect,
}: {
  current: number;
  reached: number;
  withProblems: ReadonlySet<number>;
  onSelect: (step: number) => void;
}) {
  return (
    <nav aria-label="Quick Run steps" className="mb-6">
      <ol className="grid gap-2 sm:grid-cols-4">
        {WIZARD_STEPS.map((label, index) => {
          const state = index === current ? "current" : index < current || index <= reached ? "reached" : "ahead";
          const problem = withProblems.has(index);
          return (
            <li key={label}>
              <button
                type="button"
                disabled={index > reached}
                aria-current={index === current ? "step" : undefined}
                onClick={() => onSelect(index)}
                className={cn(
                  "flex w-full items-center gap-3 rounded-lg border px-3 py-2 text-left text-sm transition-colors",
                  "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2",
                  "disabled:cursor-not-allowed",
                  state === "current" && "border-indigo-500 bg-indigo-50 text-indigo-900",
                  state === "reached" && "border-slate-200 bg-white text-slate-800 hover:border-slate-300",
                  state === "ahead" && "border-dashed border-slate-300 bg-slate-50 text-slate-600",
                  problem && "border-red-400",
                )}
              >
                <span
                  aria-hidden="true"
                  className={cn(
                    "flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold",
                    state === "current" ? "bg-indigo-600 text-white" : state === "reached" ? "bg-slate-800 text-white" : "bg-slate-200 text-slate-700",
                    problem && "bg-red-600 text-white",
                  )}
                >
                  {problem ? "!" : index + 1}
                </span>
                <span className="font-medium">
                  <span className="sr-only">Step {index + 1}: </span>
                  {label}
                  {problem ? <span className="sr-only"> (has problems)</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
