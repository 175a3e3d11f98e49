import { ProblemAlert, type ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import type { ManualMatchResult, MatchedRows } from "./manual-match-panel";
import { matchMoney, whoMatchedWhat } from "./manual-match-words";

/** The match just made on this page, in words, with its undo; the id only behind a copy button. */
export function ManualMatchOutcome({ match, rows, onUndo, undoProblem, undoing }: { match: ManualMatchResult; rows: MatchedRows | null; onUndo: () => void; undoProblem: ProblemView | null; undoing: boolean }) {
  if (match.status === "undone") {
    return (
      <Alert tone="info" className="mb-3" title="Manual match undone">
        Its {match.sourceExceptionIds.length + match.targetExceptionIds.length} exceptions are open again.
      </Alert>
    );
  }
  const facts = { sourceCount: match.sourceExceptionIds.length, targetCount: match.targetExceptionIds.length, ...match };
  return (
    <Alert tone="success" className="mb-3" title="Matched by hand">
      <p>
        {whoMatchedWhat("You", rows?.sources ?? [], rows?.targets ?? [])} just now: {matchMoney(facts)}. They are resolved as matched manually.
      </p>
      {undoProblem ? <ProblemAlert problem={undoProblem} className="mt-2" /> : null}
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <Button type="button" size="sm" variant="secondary" onClick={onUndo} disabled={undoing}>
          {undoing ? "Undoing…" : "Undo match"}
        </Button>
        <Button type="button" size="sm" variant="ghost" title={match.id} onClick={() => void navigator.clipboard?.writeText(match.id)}>
          Copy match id
        </Button>
      </div>
    </Alert>
  );
}
