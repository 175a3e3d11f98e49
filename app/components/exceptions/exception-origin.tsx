import { Link } from "@remix-run/react";
import type { ExceptionDetail } from "./types";

/** The rule that came closest to matching, and why it did not. */
export function ClosestRule({ detail }: { detail: ExceptionDetail }) {
  return (
    <section aria-labelledby="exception-rule">
      <h3 id="exception-rule" className="mb-1 font-semibold text-slate-900">
        Closest rule
      </h3>
      <p className="text-slate-700">
        {detail.closestRule.pass ? (
          <>
            Pass “{detail.closestRule.pass.name}” (keys {detail.closestRule.pass.keys.join(", ") || "none"}) of rule set version {detail.closestRule.ruleSetVersion}:{" "}
          </>
        ) : null}
        {detail.closestRule.why}
      </p>
    </section>
  );
}

/** Where each row came from, linked to the file's line, and the run. */
export function ExceptionProvenance({ detail }: { detail: ExceptionDetail }) {
  return (
    <section aria-labelledby="exception-provenance">
      <h3 id="exception-provenance" className="mb-1 font-semibold text-slate-900">
        Where the rows came from
      </h3>
      <ul className="space-y-1">
        {detail.provenance.rows.map((row, index) => (
          <li key={index}>
            {row.side}:{" "}
            {row.fileKind ? (
              <Link to={`/files/${row.fileId}?line=${row.line}#line-${row.line}`} className="text-indigo-700 underline">
                {row.fileName ?? row.fileId}, line {row.line}
              </Link>
            ) : (
              <span className="font-mono">
                {row.fileName ?? row.fileId}, line {row.line}
              </span>
            )}
          </li>
        ))}
      </ul>
      <Link to={`/runs/${detail.streamRunId}`} className="mt-1 inline-block text-indigo-700 underline">
        Open the run
      </Link>
    </section>
  );
}
