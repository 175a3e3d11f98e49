import { useEffect, useState } from "react";
import { LocalTime } from "~/components/format";
import { apiRequest } from "./api-request";
import type { ManualMatchResult } from "./manual-match-panel";
import { listOfReferences, matchMoney } from "./manual-match-words";
import type { MemberOption } from "./types";

/**
 * "Matched by hand by Ann Lee on 7 Dec 2026 14:05 with PAY-9: …" in the
 * drawer of an exception closed by a manual match: who, when and which rows,
 * read from the match and its other side's exceptions; the match id only on
 * hover.
 */
interface MatchRecord extends ManualMatchResult {
  createdBy: string;
  createdAt: string;
}
interface RowsOnly {
  sourceRows: Array<{ values: Record<string, string | number | null> }>;
  targetRows: Array<{ values: Record<string, string | number | null> }>;
}

/** How many of the other side's rows are named; the rest are counted. */
const NAMED = 3;

function referenceOf(exception: RowsOnly): string | null {
  const row = exception.sourceRows[0] ?? exception.targetRows[0];
  const value = row?.values.reference ?? row?.values.id;
  return value === null || value === undefined || value === "" ? null : String(value);
}

export function ManualMatchNote({ matchId, exceptionId, members }: { matchId: string; exceptionId: string; members: MemberOption[] }) {
  const [loaded, setLoaded] = useState<{ match: MatchRecord; others: string[]; otherCount: number } | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const result = await apiRequest<MatchRecord>("GET", `/api/v1/manual-matches/${encodeURIComponent(matchId)}`);
      if (!result.ok || !live) return;
      const match = result.data;
      const otherIds = match.sourceExceptionIds.includes(exceptionId) ? match.targetExceptionIds : match.sourceExceptionIds;
      const others = await Promise.all(otherIds.slice(0, NAMED).map((id) => apiRequest<RowsOnly>("GET", `/api/v1/exceptions/${encodeURIComponent(id)}`)));
      const references = others.flatMap((other) => (other.ok ? [referenceOf(other.data)].filter((reference): reference is string => reference !== null) : []));
      if (live) setLoaded({ match, others: references, otherCount: otherIds.length });
    })();
    return () => {
      live = false;
    };
  }, [matchId, exceptionId]);

  if (!loaded) return <span className="text-slate-700">Matched by hand; undo the match to reopen it.</span>;
  const { match, others, otherCount } = loaded;
  const who = members.find((member) => member.email === match.createdBy)?.name ?? match.createdBy;
  const rest = otherCount - others.length;
  const withWhat = others.length === 0 ? `${otherCount} other exception${otherCount === 1 ? "" : "s"}` : rest > 0 ? `${others.join(", ")} and ${rest} more` : listOfReferences(others);
  const facts = { sourceCount: match.sourceExceptionIds.length, targetCount: match.targetExceptionIds.length, ...match };
  return (
    <span className="text-slate-700" title={`Manual match ${match.id}`} data-testid="manual-match-note">
      Matched by hand by {who} on <LocalTime iso={match.createdAt} /> with {withWhat}: {matchMoney(facts)}. Undo the match to reopen it.
    </span>
  );
}
