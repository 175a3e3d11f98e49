import { LocalTime } from "~/components/format";

export function OrgFacts({ id, createdAt }: { id: string; createdAt: string }) {
  return (
    <dl className="grid gap-x-8 gap-y-1 text-sm sm:grid-cols-[auto,1fr]">
      <dt className="text-slate-500">Organization ID</dt>
      <dd className="font-mono text-slate-700">{id}</dd>
      <dt className="text-slate-500">Created</dt>
      <dd className="text-slate-700">
        <LocalTime iso={createdAt} style="date" />
      </dd>
    </dl>
  );
}
