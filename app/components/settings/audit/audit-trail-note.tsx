/** Why the trail can be trusted, and how to check it from the command line. */
export function AuditTrailNote() {
  return (
    <div className="flex gap-3 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-600">
      <svg
        viewBox="0 0 20 20"
        fill="currentColor"
        className="mt-0.5 h-4 w-4 shrink-0 text-slate-400"
        aria-hidden="true"
        focusable="false"
      >
        <path
          fillRule="evenodd"
          d="M10 1a4.5 4.5 0 0 0-4.5 4.5V8H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 7V5.5a3 3 0 1 0-6 0V8h6Z"
          clipRule="evenodd"
        />
      </svg>
      <p>
        The trail is append-only and hash-chained per organization: each event includes the hash of the one before it,
        so an edited or deleted event breaks the chain. Verify it with{" "}
        <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-slate-800">
          npm run cli -- audit:verify
        </code>
        , or below.
      </p>
    </div>
  );
}
