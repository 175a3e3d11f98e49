import { useState } from "react";
import { formatMoney } from "~/components/format";
import type { ProblemView } from "~/components/problem";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Field, Input } from "~/components/ui/input";
import { apiRequest } from "./api-request";
import { manualMatchWords, plainProblem } from "./form-problems";

/**
 * Pairing selected exceptions by hand: the source-side items (e.g. orders
 * missing in the target) against the target-side ones (e.g. charges missing
 * in the source). The panel shows each side's count and sum per currency and
 * the difference before anything is sent; the server decides (one currency,
 * sums within tolerance unless forced with a reason, all still open); its
 * refusal is said in the panel's own words, next to the field it concerns.
 */
export interface MatchCandidate {
  id: string;
  /** The reference or id a person knows the row by ("SO-1003"). */
  reference?: string;
  /** Which side of a match the exception can stand on: it has rows on that side only. */
  side: "source" | "target" | null;
  /** Its rows' amounts on that side, summed, in minor units (null: a row without an amount). */
  sideAmountMinor: number | null;
  currency: string | null;
  status: string;
}

export interface ManualMatchResult {
  id: string;
  status: "active" | "undone";
  sourceExceptionIds: string[];
  targetExceptionIds: string[];
  currency: string;
  sourceTotalMinor: number;
  targetTotalMinor: number;
  differenceMinor: number;
  forced: boolean;
}

interface SideTotals {
  count: number;
  byCurrency: Map<string, number>;
  withoutAmount: number;
}

function totalsOf(candidates: MatchCandidate[]): SideTotals {
  const totals: SideTotals = { count: candidates.length, byCurrency: new Map(), withoutAmount: 0 };
  for (const candidate of candidates) {
    if (candidate.sideAmountMinor === null || !candidate.currency) {
      totals.withoutAmount++;
      continue;
    }
    totals.byCurrency.set(candidate.currency, (totals.byCurrency.get(candidate.currency) ?? 0) + candidate.sideAmountMinor);
  }
  return totals;
}

function formatTotals(totals: SideTotals): string {
  if (totals.byCurrency.size === 0) return "—";
  return [...totals.byCurrency].map(([currency, minor]) => formatMoney(minor, currency)).join(" + ");
}

/** What the person who made a match saw: their words for it, kept next to the API's record. */
export interface MatchedRows {
  sources: string[];
  targets: string[];
}

export function ManualMatchPanel({ selected, onMatched }: { selected: MatchCandidate[]; onMatched: (match: ManualMatchResult, rows: MatchedRows) => void }) {
  const [note, setNote] = useState("");
  const [force, setForce] = useState(false);
  const [forceReason, setForceReason] = useState("");
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ProblemView | null>(null);

  const sources = selected.filter((candidate) => candidate.side === "source");
  const targets = selected.filter((candidate) => candidate.side === "target");
  const neither = selected.length - sources.length - targets.length;
  if (sources.length === 0 && targets.length === 0) return null;

  const sourceTotals = totalsOf(sources);
  const targetTotals = totalsOf(targets);
  const currencies = new Set([...sourceTotals.byCurrency.keys(), ...targetTotals.byCurrency.keys()]);
  const currency = currencies.size === 1 ? [...currencies][0]! : null;
  const difference = currency ? (sourceTotals.byCurrency.get(currency) ?? 0) - (targetTotals.byCurrency.get(currency) ?? 0) : null;

  const blockers: string[] = [];
  if (sources.length === 0) blockers.push("Select at least one source-side exception (e.g. missing in target).");
  if (targets.length === 0) blockers.push("Select at least one target-side exception (e.g. missing in source).");
  if (currencies.size > 1) blockers.push(`The selection mixes currencies (${[...currencies].join(", ")}); a match is in one currency.`);
  const closed = [...sources, ...targets].filter((candidate) => candidate.status !== "open" && candidate.status !== "in_review").length;
  if (closed > 0) blockers.push(`${closed} selected exception${closed === 1 ? " is" : "s are"} no longer open; only open exceptions can be matched.`);
  if (neither > 0) blockers.push(`${neither} selected exception${neither === 1 ? " has" : "s have"} rows on both sides (or none) and cannot be matched by hand; unselect ${neither === 1 ? "it" : "them"}.`);
  const needsForce = difference !== null && difference !== 0;
  const refusal = problem ? plainProblem(problem, manualMatchWords(difference !== null && currency ? formatMoney(Math.abs(difference), currency) : null)) : null;

  async function confirm() {
    setProblem(null);
    setPending(true);
    const body: Record<string, unknown> = {
      sourceExceptionIds: sources.map((candidate) => candidate.id),
      targetExceptionIds: targets.map((candidate) => candidate.id),
    };
    if (note.trim()) body.note = note.trim();
    if (needsForce && force) {
      body.force = true;
      if (forceReason.trim()) body.forceReason = forceReason.trim();
    }
    const result = await apiRequest<ManualMatchResult>("POST", "/api/v1/manual-matches", body);
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setNote("");
    setForce(false);
    setForceReason("");
    const referenceOf = (candidate: MatchCandidate) => candidate.reference || "a row without a reference";
    onMatched(result.data, { sources: sources.map(referenceOf), targets: targets.map(referenceOf) });
  }

  return (
    <section aria-labelledby="manual-match-heading" className="mb-3 rounded-lg border border-indigo-200 bg-indigo-50/40 p-4 text-sm">
      <h2 id="manual-match-heading" className="mb-2 font-semibold text-slate-900">
        Manual match
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1" aria-label="Manual match totals">
        <dt className="text-slate-600">Source side</dt>
        <dd data-testid="match-source-total">
          {sources.length} exception{sources.length === 1 ? "" : "s"} · {formatTotals(sourceTotals)}
        </dd>
        <dt className="text-slate-600">Target side</dt>
        <dd data-testid="match-target-total">
          {targets.length} exception{targets.length === 1 ? "" : "s"} · {formatTotals(targetTotals)}
        </dd>
        <dt className="text-slate-600">Difference</dt>
        <dd data-testid="match-difference" className={difference === 0 ? "font-medium text-emerald-800" : "font-medium text-amber-800"}>
          {difference === null ? "—" : difference === 0 ? `none (${formatMoney(0, currency!)})` : formatMoney(difference, currency!)}
        </dd>
      </dl>
      {blockers.length > 0 ? (
        <ul className="mt-2 list-disc pl-5 text-slate-700">
          {blockers.map((blocker) => (
            <li key={blocker}>{blocker}</li>
          ))}
        </ul>
      ) : null}
      {refusal?.summary ? (
        <Alert tone="danger" className="mt-3" title="Not matched">
          {refusal.summary}
        </Alert>
      ) : null}
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <Field label="Note (optional)" className="w-72">
          <Input value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} />
        </Field>
        {needsForce ? (
          <>
            <label className="flex items-center gap-2 pb-2 text-slate-700">
              <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
              Match despite the difference
            </label>
            {force ? (
              <Field label="Reason for forcing" required className="w-72" error={refusal?.fields.forceReason}>
                <Input value={forceReason} onChange={(event) => setForceReason(event.target.value)} maxLength={2000} />
              </Field>
            ) : null}
          </>
        ) : null}
        <Button type="button" size="sm" onClick={() => void confirm()} disabled={pending || sources.length === 0 || targets.length === 0}>
          {pending ? "Matching…" : `Match ${sources.length} + ${targets.length}`}
        </Button>
      </div>
    </section>
  );
}
