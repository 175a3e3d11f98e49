import { Alert } from "~/components/ui/alert";
import type { StreamFormError } from "./stream-detail-data";

/** Why "Run" did not start a run, field by field. */
export function RunErrorAlert({ runError }: { runError: StreamFormError | null }) {
  if (!runError) return null;
  return (
    <Alert tone="danger" title="The run did not start">
      {runError.message}
      {Object.keys(runError.fields).length ? (
        <ul className="list-disc pl-5">
          {Object.entries(runError.fields).map(([field, message]) => (
            <li key={field}>
              {field}: {message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
