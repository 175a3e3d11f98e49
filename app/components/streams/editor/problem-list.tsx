import type { EditorProblem } from "~/modules/streams";

interface ProblemListProps {
  problems: EditorProblem[];
  fromServer: boolean;
  serverProblemsTitle: string | undefined;
  onSelect: (nodeId: string) => void;
}

/** Each problem on a node is a button that selects it, so the fix is one click (or Enter) away. */
export function ProblemList({ problems, fromServer, serverProblemsTitle, onSelect }: ProblemListProps) {
  return (
    <section aria-labelledby="problems-heading" className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="problems-heading" className="text-sm font-semibold text-slate-900">
        {problems.length === 0 ? "No problems found" : `${problems.length} problem${problems.length === 1 ? "" : "s"}`}
      </h2>
      {fromServer ? <p className="text-xs text-slate-500">{serverProblemsTitle ?? "From the server's validation of the saved version"}</p> : null}
      <ul className="mt-2 space-y-1 text-sm" data-testid="problem-list">
        {problems.map((problem, index) => (
          <li key={index} className="flex items-start gap-2">
            <span className={problem.severity === "error" ? "text-red-700" : "text-amber-700"}>{problem.severity === "error" ? "Error" : "Warning"}</span>
            {problem.nodeId ? (
              <button type="button" className="text-left text-slate-800 underline decoration-dotted hover:text-indigo-700" onClick={() => onSelect(problem.nodeId!)}>
                {problem.message}
              </button>
            ) : (
              <span className="text-slate-800">{problem.message}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
