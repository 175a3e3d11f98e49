import { formatDateTime, useDisplay } from "~/components/format";
import { FilterSelect } from "../filter-select";
import type { FilterChoices } from "./page-data";

interface SourceFiltersProps {
  searchParams: URLSearchParams;
  setParams: (changes: Record<string, string>) => void;
  choices: FilterChoices;
}


/**
 * Where the exceptions came from: a stream (demo, Quick Run and template
 * streams each their own), then one of its runs and one of its steps.
 * Choosing another stream clears the run and step, which belong to the old one.
 */
export function SourceFilters({ searchParams, setParams, choices }: SourceFiltersProps) {
  const display = useDisplay();
  const streamId = searchParams.get("streamId") ?? choices.streamId ?? "";
  const runId = searchParams.get("streamRunId") ?? "";
  // A run older than the fifty offered still shows as chosen.
  const runs = runId && !choices.runs.some((run) => run.id === runId) ? [...choices.runs, { id: runId, startedAt: null }] : choices.runs;
  return (
    <div role="group" aria-label="Where from" className="mb-4 flex flex-wrap items-end gap-3">
      <FilterSelect label="Stream" name="streamId" value={streamId} onChange={(value) => setParams({ streamId: value, streamRunId: "", stepKey: "" })}>
        <option value="">Any stream</option>
        {choices.streams.map((stream) => (
          <option key={stream.id} value={stream.id}>
            {stream.name}
          </option>
        ))}
      </FilterSelect>
      {streamId ? (
        <>
          <FilterSelect label="Run" name="streamRunId" value={runId} onChange={(value) => setParams({ streamRunId: value })}>
            <option value="">Any run</option>
            {runs.map((run) => (
              <option key={run.id} value={run.id}>
                {run.startedAt ? formatDateTime(run.startedAt, display) : run.id}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label="Step" name="stepKey" value={searchParams.get("stepKey") ?? ""} onChange={(value) => setParams({ stepKey: value })}>
            <option value="">Any step</option>
            {choices.steps.map((step) => (
              <option key={step} value={step}>
                {step}
              </option>
            ))}
          </FilterSelect>
        </>
      ) : null}
    </div>
  );
}
